using Hangar.Core.Assets;

namespace Hangar.Core.Domain;

/// <summary>One upload of an asset's content: inline (completed at once) or through an upload URL (pending until the PUT lands).</summary>
public sealed class AssetUpload
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string AssetId { get; init; }
    public required string ContentType { get; init; }
    public AssetUploadStatus Status { get; set; }

    /// <summary>Why a failed upload failed.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}
