using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary><c>rcc cloud new</c>: <c>{"name": ...}</c>.</summary>
public sealed record RccNewRobotRequest([property: JsonPropertyName("name")] string? Name);

/// <summary>A robot (task package) as rcc reads it; <see cref="Package"/> is left out until a zip is uploaded.</summary>
public sealed record RccRobot(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("package"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RccRobotPackage? Package);

/// <summary>The robot's latest uploaded zip.</summary>
public sealed record RccRobotPackage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("tasks")] IReadOnlyList<string> Tasks,
    [property: JsonPropertyName("uploadedAt")] DateTimeOffset UploadedAt);

/// <summary>A presigned URL for <c>rcc cloud push</c> (PUT the zip) or <c>rcc cloud pull</c> (GET it).</summary>
public sealed record RccLink([property: JsonPropertyName("uri")] string Uri);

/// <summary><c>GET /workspace-v1/workspaces/{id}/tree</c>: the workspace's robots.</summary>
public sealed record RccWorkspaceTree(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("robots")] IReadOnlyList<RccRobot> Robots);
