using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IAssetStore
{
    /// <summary>Adds an asset; a 409 <c>asset_exists</c> when the workspace has one of that name.</summary>
    Task AddAsync(Asset asset, CancellationToken ct);

    Task<Asset?> FindAsync(string workspaceId, string id, CancellationToken ct);

    Task<Asset?> FindByNameAsync(string workspaceId, string name, CancellationToken ct);

    Task<Page<Asset>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    /// <summary>Deletes the asset with its uploads.</summary>
    Task DeleteAsync(Asset asset, CancellationToken ct);

    Task AddUploadAsync(AssetUpload upload, CancellationToken ct);

    Task<AssetUpload?> FindUploadAsync(string workspaceId, string uploadId, CancellationToken ct);

    /// <summary>
    /// Completes a pending upload and points its asset at the new content, in one transaction. Returns false when the
    /// upload is no longer pending (used already) or its asset is gone; otherwise true and the blob key it replaced.
    /// </summary>
    Task<(bool Completed, string? ReplacedBlobKey)> CompleteUploadAsync(AssetUpload upload, string blobKey, string sha256, long size, DateTimeOffset at,
        CancellationToken ct);

    /// <summary>Marks a pending upload failed with a reason (the client polling it learns why).</summary>
    Task FailUploadAsync(string uploadId, string reason, DateTimeOffset at, CancellationToken ct);
}
