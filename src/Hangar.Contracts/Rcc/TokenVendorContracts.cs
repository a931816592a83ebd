using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>rcc's token request: <c>{"expiresIn": seconds, "capabilitySet": "view/workspaces"}</c>.</summary>
public sealed record TokenRequest(
    [property: JsonPropertyName("expiresIn")] int? ExpiresIn,
    [property: JsonPropertyName("capabilitySet")] string? CapabilitySet);

public sealed record TokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);

public sealed record UserDetailsResponse([property: JsonPropertyName("user")] UserDetails User);

public sealed record UserDetails(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("name")] string? Name);

/// <summary>A workspace as <c>GET /workspace-v1/workspaces</c> lists it for rcc.</summary>
public sealed record RccWorkspace(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("organization")] RccOrganization Organization);

public sealed record RccOrganization([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);
