using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>rcc's token request: <c>{"expiresIn": seconds, "capabilitySet": "view/workspaces"}</c>.</summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("expiresIn")] int? ExpiresIn,
    [property: JsonPropertyName("capabilitySet")] string? CapabilitySet);
