using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>An asset upload: <c>pending</c> (PUT the raw bytes to <c>upload_url</c>), <c>completed</c> or <c>failed</c> (with <c>reason</c>).</summary>
public sealed record AssetUploadResponse(
    string Id,
    string Status,
    string ContentType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? UploadUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null);
