using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary><c>GET /workspace-v1/workspaces/{id}/tree</c>: the workspace's robots.</summary>
public sealed record RccWorkspaceTree(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("robots")] IReadOnlyList<RccRobot> Robots);
