using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>A workspace as <c>GET /workspace-v1/workspaces</c> lists it for rcc.</summary>
public sealed record RccWorkspace(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("organization")] RccOrganization Organization);
