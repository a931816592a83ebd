using System.Security.Cryptography;
using System.Text;
using Hangar.Core.Errors;
using Hangar.Core.Security;

namespace Hangar.Core.Vault;

/// <summary>
/// Robocorp's <c>robocloud-vault-transit-v2</c>, byte for byte as its vault clients (RPA.Robocorp.Vault,
/// robocorp-vault) do it: a fresh AES-256 key per message, wrapped with RSA-OAEP (SHA-256 and MGF1-SHA-256), empty
/// associated data, a 16-byte tag sent apart from the ciphertext. The two directions differ in the GCM nonce, and
/// clients depend on that: a value sent <em>to</em> a robot is sealed with the ASCII hex text of the iv as the nonce
/// (32 bytes for a 16-byte iv), a value sent <em>by</em> a robot uses the iv's raw bytes.
/// </summary>
public static class TransitScheme
{
    public const string Name = "robocloud-vault-transit-v2";
    public const int IvSize = 16;
    public const int AesKeySize = 32;
    public const int TagSize = 16;

    /// <summary>RSA keys shorter than this are refused: a robot's key protects the secret on its way back.</summary>
    public const int MinRsaKeyBits = 2048;

    private const int MaxRsaKeyBits = 16384;

    /// <summary>Parses a robot's <c>publicKey</c> parameter: base64 of a DER SubjectPublicKeyInfo holding an RSA key.</summary>
    public static RSA ImportClientKey(string? base64)
    {
        if (string.IsNullOrEmpty(base64) || base64.Length > 8192)
        {
            throw HangarException.Invalid("invalid_public_key", "'publicKey' is required: base64 of the DER SubjectPublicKeyInfo of an RSA key.");
        }

        var rsa = RSA.Create();
        try
        {
            // A '+' not percent-encoded in a query string arrives as a space; base64 has no spaces, so put it back.
            var der = Convert.FromBase64String(base64.Replace(' ', '+'));
            rsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length || rsa.KeySize is < MinRsaKeyBits or > MaxRsaKeyBits)
            {
                throw new CryptographicException("Unexpected key.");
            }

            return rsa;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            rsa.Dispose();
            throw HangarException.Invalid("invalid_public_key",
                $"'publicKey' must be base64 of the DER SubjectPublicKeyInfo of an RSA key of {MinRsaKeyBits} bits or more.");
        }
    }

    /// <summary>Seals <paramref name="plaintext"/> for a robot that holds the private half of <paramref name="clientKey"/>.</summary>
    public static TransitEnvelope SealForClient(ReadOnlySpan<byte> plaintext, RSA clientKey)
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        var aesKey = RandomNumberGenerator.GetBytes(AesKeySize);
        var iv = RandomNumberGenerator.GetBytes(IvSize);
        try
        {
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagSize];
            using (var gcm = new GcmCipher(aesKey))
            {
                gcm.Encrypt(ReadNonce(iv), plaintext, ciphertext, tag);
            }

            return new TransitEnvelope(ciphertext, clientKey.Encrypt(aesKey, RSAEncryptionPadding.OaepSHA256), tag, iv);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aesKey);
        }
    }

    /// <summary>
    /// Opens what a robot sealed to this server's key. Every failure that depends on the server's private key (the
    /// wrapped AES key does not unwrap, the tag does not match) gives the same answer, so it cannot serve as an oracle.
    /// </summary>
    public static byte[] OpenFromClient(TransitEnvelope envelope, RSA serverKey)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(serverKey);
        if (envelope.AuthTag.Length != TagSize)
        {
            throw HangarException.Invalid("invalid_encryption", $"'encryption.authTag' must be {TagSize} bytes in base64.");
        }

        if (envelope.Iv.Length is < 8 or > 128)
        {
            throw HangarException.Invalid("invalid_encryption", "'encryption.iv' must be 8 to 128 bytes in base64 (robots send 16).");
        }

        if (envelope.Ciphertext.Length > VaultLimits.MaxValueBytes)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "secret_too_large", $"The value is larger than {VaultLimits.MaxValueBytes / 1024} KiB.");
        }

        byte[]? aesKey = null;
        try
        {
            aesKey = serverKey.Decrypt(envelope.EncryptedAesKey, RSAEncryptionPadding.OaepSHA256);
            var plaintext = new byte[envelope.Ciphertext.Length];
            using var gcm = new GcmCipher(aesKey);
            gcm.Decrypt(envelope.Iv, envelope.Ciphertext, envelope.AuthTag, plaintext);
            return plaintext;
        }
        catch (CryptographicException)
        {
            throw HangarException.Invalid("invalid_encryption",
                "The value could not be decrypted: wrap a 256-bit AES key with RSA-OAEP-SHA256 to the key from GET .../secrets/publicKey "
                + "and encrypt the value with AES-GCM under the iv's bytes.");
        }
        finally
        {
            if (aesKey is not null)
            {
                CryptographicOperations.ZeroMemory(aesKey);
            }
        }
    }

    /// <summary>The nonce robots decrypt with: the iv as lower-case hex text (Python's <c>binascii.hexlify</c>), in ASCII.</summary>
    public static byte[] ReadNonce(ReadOnlySpan<byte> iv) => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(iv));
}
