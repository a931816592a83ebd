using System.Text.Json.Serialization;

namespace Hangar.Core.Storage;

/// <summary>
/// What a signed URL allows, carried in the URL itself and covered by its signature: one operation, on one blob
/// (download) or one upload target (upload), until <see cref="ExpiresAt"/>. Short JSON names keep URLs short.
/// </summary>
public sealed record SignedUrlPolicy
{
    public const string Download = "download";
    public const string Upload = "upload";

    /// <summary><see cref="Download"/> or <see cref="Upload"/>.</summary>
    [JsonPropertyName("op")]
    public required string Operation { get; init; }

    /// <summary>Unix seconds after which the URL is refused.</summary>
    [JsonPropertyName("exp")]
    public required long ExpiresAt { get; init; }

    [JsonPropertyName("dl"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DownloadGrant? DownloadGrant { get; init; }

    [JsonPropertyName("ul"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UploadGrant? UploadGrant { get; init; }
}
