using System.Text.Json.Serialization;
using Hangar.Core.Security;

namespace Hangar.Core.Storage;

/// <summary>
/// An upload a signed URL allows: into which object (<see cref="Target"/> + <see cref="ObjectId"/>, e.g. a task
/// package), at most how many bytes, and on behalf of whom (the caller who asked for the URL, since the upload itself
/// carries no credential). <see cref="Id"/> is recorded when the upload lands, which makes the URL single-use.
/// </summary>
public sealed record UploadGrant(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("t")] string Target,
    [property: JsonPropertyName("ws")] string WorkspaceId,
    [property: JsonPropertyName("o")] string ObjectId,
    [property: JsonPropertyName("max")] long MaxBytes,
    [property: JsonPropertyName("ak"), JsonConverter(typeof(JsonStringEnumConverter<CallerKind>))] CallerKind ActorKind,
    [property: JsonPropertyName("ai")] string ActorId,
    [property: JsonPropertyName("an")] string ActorName)
{
    public const string TaskPackageTarget = "task_package";

    /// <summary>The name the uploaded file gets (work item files), or null.</summary>
    [JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FileName { get; init; }
}
