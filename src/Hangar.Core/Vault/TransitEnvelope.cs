using Hangar.Core.Errors;

namespace Hangar.Core.Vault;

/// <summary>
/// A secret value in transit under <c>robocloud-vault-transit-v2</c>: the AES-GCM ciphertext without its tag, the
/// AES key encrypted with RSA-OAEP (SHA-256, MGF1-SHA-256) to the receiver's public key, the 16-byte tag and the iv.
/// </summary>
public sealed record TransitEnvelope(byte[] Ciphertext, byte[] EncryptedAesKey, byte[] AuthTag, byte[] Iv)
{
    /// <summary>The envelope from the base64 fields of a robot's request; each missing or malformed field is named.</summary>
    public static TransitEnvelope FromBase64(string? value, string? encryptedAes, string? authTag, string? iv) =>
        new(Decode(value, "value"), Decode(encryptedAes, "encryption.encryptedAES"), Decode(authTag, "encryption.authTag"),
            Decode(iv, "encryption.iv"));

    private static byte[] Decode(string? base64, string field)
    {
        if (base64 is null)
        {
            throw HangarException.Invalid("invalid_encryption", $"'{field}' is required (base64).");
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw HangarException.Invalid("invalid_encryption", $"'{field}' is not valid base64.");
        }
    }
}
