using System.Text.Json.Serialization;

namespace Hangar.Contracts.SecretsV1;

/// <summary>The <c>encryption</c> object of the robots' vault API: all fields base64 but the scheme.</summary>
public sealed record TransitEncryptionFields(
    [property: JsonPropertyName("encryptionScheme")] string? EncryptionScheme,
    [property: JsonPropertyName("encryptedAES")] string? EncryptedAes,
    [property: JsonPropertyName("authTag")] string? AuthTag,
    [property: JsonPropertyName("iv")] string? Iv);
