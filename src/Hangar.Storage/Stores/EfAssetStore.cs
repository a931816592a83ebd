using Hangar.Core.Assets;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfAssetStore(HangarDbContext db) : IAssetStore
{
    public async Task AddAsync(Asset asset, CancellationToken ct)
    {
        db.Assets.Add(asset);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("asset_exists", "The workspace has an asset of that name already."), ct);
    }

    public Task<Asset?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.Assets.FirstOrDefaultAsync(a => a.Id == id && a.WorkspaceId == workspaceId, ct);

    public Task<Asset?> FindByNameAsync(string workspaceId, string name, CancellationToken ct) =>
        db.Assets.FirstOrDefaultAsync(a => a.Name == name && a.WorkspaceId == workspaceId, ct);

    public Task<Page<Asset>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.Assets.AsNoTracking().Where(a => a.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(a => a.Id, page, ct);
    }

    public async Task DeleteAsync(Asset asset, CancellationToken ct)
    {
        await db.Assets.Where(a => a.Id == asset.Id).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
    }

    public async Task AddUploadAsync(AssetUpload upload, CancellationToken ct)
    {
        db.AssetUploads.Add(upload);
        await db.SaveChangesAsync(ct);
    }

    public Task<AssetUpload?> FindUploadAsync(string workspaceId, string uploadId, CancellationToken ct) =>
        db.AssetUploads.AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId && u.WorkspaceId == workspaceId, ct);

    public async Task<(bool Completed, string? ReplacedBlobKey)> CompleteUploadAsync(AssetUpload upload, string blobKey, string sha256, long size,
        DateTimeOffset at, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Conditional on pending: of two uploads of one URL racing, exactly one completes.
        var taken = await db.AssetUploads.Where(u => u.Id == upload.Id && u.Status == AssetUploadStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, AssetUploadStatus.Completed).SetProperty(u => u.CompletedAt, at), ct);
        var asset = taken == 1 ? await db.Assets.FirstOrDefaultAsync(a => a.Id == upload.AssetId, ct) : null;
        if (asset is null)
        {
            return (false, null);
        }

        var replaced = asset.BlobKey;
        asset.BlobKey = blobKey;
        asset.Sha256 = sha256;
        asset.Size = size;
        asset.ContentType = upload.ContentType;
        asset.UpdatedAt = at;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        upload.Status = AssetUploadStatus.Completed;
        upload.CompletedAt = at;
        return (true, replaced);
    }

    public Task FailUploadAsync(string uploadId, string reason, DateTimeOffset at, CancellationToken ct) =>
        db.AssetUploads.Where(u => u.Id == uploadId && u.Status == AssetUploadStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, AssetUploadStatus.Failed).SetProperty(u => u.Reason, reason)
                .SetProperty(u => u.CompletedAt, at), ct);
}
