using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Hangar.Server.Hosting;

/// <summary>
/// The certificate for <c>https://</c> addresses (<c>--tls-cert</c>, <c>--tls-key</c>, <c>HANGAR_TLS_CERT_PASSWORD</c>):
/// a PEM certificate (with any intermediates after it) and its PEM key, or a PFX file. Problems are found at start,
/// each as one line, rather than when the first client connects.
/// </summary>
public static class TlsCertificate
{
    /// <summary>What is wrong with the TLS configuration: nothing, or one line per problem.</summary>
    public static IEnumerable<string> Problems(HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.TlsCert))
        {
            if (options.ListensOnHttps)
            {
                yield return "--urls: an https:// address needs a certificate: set --tls-cert (PEM, with --tls-key, or PFX) or HANGAR_TLS_CERT.";
            }

            if (!string.IsNullOrEmpty(options.TlsKey))
            {
                yield return "--tls-key is set without --tls-cert.";
            }

            yield break;
        }

        string? problem = null;
        try
        {
            using var loaded = Load(options);
        }
        catch (FormatException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }

    /// <summary>The server certificate with its private key and the chain to send with it; null without <c>--tls-cert</c>.</summary>
    /// <exception cref="FormatException">A file is missing, unreadable, of the wrong kind, or its password is wrong.</exception>
    public static Loaded? Load(HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.TlsCert))
        {
            return null;
        }

        var certPath = Path.GetFullPath(options.TlsCert);
        try
        {
            if (!IsPem(certPath))
            {
                var pfx = X509CertificateLoader.LoadPkcs12FromFile(certPath, options.TlsCertPassword);
                if (!pfx.HasPrivateKey)
                {
                    pfx.Dispose();
                    throw Refused(certPath, "the PFX file holds no private key");
                }

                return new Loaded(pfx, []);
            }

            var keyPath = string.IsNullOrEmpty(options.TlsKey) ? certPath : Path.GetFullPath(options.TlsKey);
            var certificate = string.IsNullOrEmpty(options.TlsCertPassword)
                ? X509Certificate2.CreateFromPemFile(certPath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certPath, options.TlsCertPassword, keyPath);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certPath);
            var intermediates = chain.Where(c => c.Thumbprint != certificate.Thumbprint).ToList();
            return new Loaded(certificate, intermediates);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Refused(certPath, ex.Message.TrimEnd('.'));
        }
    }

    private static bool IsPem(string path)
    {
        using var file = File.OpenRead(path);
        var head = new byte[4096];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Encoding.ASCII.GetString(head, 0, read).Contains("-----BEGIN ", StringComparison.Ordinal);
    }

    private static FormatException Refused(string path, string reason) =>
        new($"--tls-cert: cannot use '{path}' ({reason}); give a PEM certificate with --tls-key, or a PFX file with HANGAR_TLS_CERT_PASSWORD.");

    /// <summary>A loaded certificate and the intermediates that follow it in a PEM file.</summary>
    public sealed record Loaded(X509Certificate2 Certificate, IReadOnlyList<X509Certificate2> Chain) : IDisposable
    {
        public void Dispose()
        {
            Certificate.Dispose();
            foreach (var c in Chain)
            {
                c.Dispose();
            }
        }
    }
}
