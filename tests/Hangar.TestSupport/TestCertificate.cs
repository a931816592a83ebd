using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hangar.TestSupport;

/// <summary>
/// A self-signed TLS certificate for 127.0.0.1 and localhost, made for one test and written where the server (or a
/// proxy) reads it, and an HTTP client that trusts that certificate and no other.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string certPath, string keyPath)
    {
        Certificate = certificate;
        CertPath = certPath;
        KeyPath = keyPath;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM.</summary>
    public string CertPath { get; }

    /// <summary>Its private key as PEM (PKCS#8).</summary>
    public string KeyPath { get; }

    /// <summary>Makes the certificate and writes <c>cert.pem</c> and <c>key.pem</c> into <paramref name="directory"/>.</summary>
    public static TestCertificate CreatePem(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TestCertificate(certificate, certPath, keyPath);
    }

    /// <summary>Writes the certificate with its key as a PFX file protected by <paramref name="password"/>.</summary>
    public string WritePfx(string path, string password)
    {
        using var withKey = X509Certificate2.CreateFromPemFile(CertPath, KeyPath);
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>A handler (with its own cookie jar) that accepts this certificate only.</summary>
    public SocketsHttpHandler TrustingHandler()
    {
        var expected = Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == expected;
        return handler;
    }

    public void Dispose() => Certificate.Dispose();
}
