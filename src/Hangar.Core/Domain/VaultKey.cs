namespace Hangar.Core.Domain;

/// <summary>
/// The server's RSA key pair of one purpose (robots wrap AES keys to it when they write secrets). It lives in the
/// database so that every node of an installation uses the same key; the private half is encrypted under the master key.
/// </summary>
public sealed class VaultKey
{
    public required string Purpose { get; init; }

    /// <summary>DER SubjectPublicKeyInfo.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>PKCS#8, sealed with the master key.</summary>
    public required byte[] EncryptedPrivateKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
