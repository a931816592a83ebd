using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

public sealed record UserDetails(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("name")] string? Name);
