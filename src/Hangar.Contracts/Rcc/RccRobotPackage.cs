using System.Text.Json.Serialization;

namespace Hangar.Contracts.Rcc;

/// <summary>The robot's latest uploaded zip.</summary>
public sealed record RccRobotPackage(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("tasks")] IReadOnlyList<string> Tasks,
    [property: JsonPropertyName("uploadedAt")] DateTimeOffset UploadedAt);
