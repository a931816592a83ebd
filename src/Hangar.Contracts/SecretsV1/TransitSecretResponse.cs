using System.Text.Json.Serialization;

namespace Hangar.Contracts.SecretsV1;

/// <summary>A secret as a robot reads it: <c>value</c> is base64 of the AES-GCM ciphertext without its tag.</summary>
public sealed record TransitSecretResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("encryption")] TransitEncryptionFields Encryption);
