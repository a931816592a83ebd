using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

public sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);
