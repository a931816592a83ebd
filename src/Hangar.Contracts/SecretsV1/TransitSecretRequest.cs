using System.Text.Json.Serialization;

namespace Hangar.Contracts.SecretsV1;

/// <summary>A secret as a robot writes it (create or replace); fields as in <see cref="TransitSecretResponse"/>.</summary>
public sealed record TransitSecretRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("encryption")] TransitEncryptionFields? Encryption);
