using System.Security.Cryptography;
using System.Text;

namespace Hangar.Core.Security;

/// <summary>
/// The server's 256-bit master key and the AES-256-GCM encryption built on it. Everything Hangar must be able
/// to show again (an API key's value, vault secrets) is stored encrypted under this key. Losing the key makes
/// that data unreadable; it cannot be recovered.
/// </summary>
public sealed class MasterKey
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public MasterKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
        {
            throw new ArgumentException("The master key must be 32 bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>Parses the base64 text form used in <c>HANGAR_MASTER_KEY</c> and the key file.</summary>
    public static MasterKey Parse(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("The master key must be 32 bytes in base64.");
        }

        return bytes.Length == 32 ? new MasterKey(bytes) : throw new FormatException("The master key must be 32 bytes in base64.");
    }

    public string ToBase64() => Convert.ToBase64String(_key);

    /// <summary>
    /// Encrypts <paramref name="plaintext"/>; <paramref name="context"/> is bound as associated data so that a
    /// ciphertext copied onto another row (another key id, another secret name) does not decrypt there.
    /// Layout: version (1) | nonce (12) | tag (16) | ciphertext.
    /// </summary>
    public byte[] Encrypt(ReadOnlySpan<byte> plaintext, string context)
    {
        var output = new byte[1 + NonceSize + TagSize + plaintext.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(1 + NonceSize + TagSize), output.AsSpan(1 + NonceSize, TagSize),
            Encoding.UTF8.GetBytes(context));
        return output;
    }

    public byte[] Decrypt(ReadOnlySpan<byte> sealedData, string context)
    {
        if (sealedData.Length < 1 + NonceSize + TagSize || sealedData[0] != FormatVersion)
        {
            throw new CryptographicException("The encrypted value has an unknown format.");
        }

        var plaintext = new byte[sealedData.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedData.Slice(1, NonceSize), sealedData[(1 + NonceSize + TagSize)..],
            sealedData.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(context));
        return plaintext;
    }

    /// <summary>A 256-bit key for one purpose (signing tokens, say), derived with HKDF so the master key itself is never used twice.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes("hangar:" + purpose));

    public byte[] EncryptString(string plaintext, string context) => Encrypt(Encoding.UTF8.GetBytes(plaintext), context);

    public string DecryptString(byte[] sealedData, string context) => Encoding.UTF8.GetString(Decrypt(sealedData, context));
}
