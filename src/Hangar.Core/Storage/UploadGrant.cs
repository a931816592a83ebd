using System.Text.Json.Serialization;
using Hangar.Core.Security;

namespace Hangar.Core.Storage;

/// <summary>
/// An upload a signed URL allows: into which object (<see cref="Target"/> + <see cref="ObjectId"/>, e.g. a task
/// package), at most how many bytes, and on behalf of whom (the caller who asked for the URL, since the upload itself
/// carries no credential). <see cref="Id"/> is recorded when the upload lands, which makes the URL single-use. The
/// grantor travels in the signed policy, so it cannot be altered; the upload is refused once the grantor's credential
/// is gone (see <see cref="UploadGrantorCheck"/>).
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

    /// <summary>For callers acting for a user (sessions, vended tokens): that user's id.</summary>
    [JsonPropertyName("au"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActorUserId { get; init; }

    /// <summary>For a signed-in session: its id, so that signing out ends the URLs it asked for.</summary>
    [JsonPropertyName("as"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ActorSessionId { get; init; }

    /// <summary>An upload into <paramref name="objectId"/> on behalf of <paramref name="caller"/>.</summary>
    public static UploadGrant For(Caller caller, string id, string target, string workspaceId, string objectId, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return new UploadGrant(id, target, workspaceId, objectId, maxBytes, caller.Kind, caller.Id, caller.Name)
        {
            ActorUserId = caller.UserId,
            ActorSessionId = caller.SessionId,
        };
    }

    /// <summary>The name the uploaded file gets (work item files), or null.</summary>
    [JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FileName { get; init; }
}
