using Hangar.Core.Assets;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Storage;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Asset storage as robocorp-storage uses it: assets are created empty by name, then get content through uploads,
/// inline (base64 in the request, completed at once) or by a PUT of the raw bytes to a signed upload URL.
/// Each upload writes a new blob; completing it swaps the asset to that blob and removes the old one.
/// </summary>
public sealed class AssetService(IAssetStore assets, IBlobStore blobs, TimeProvider time)
{
    public const string Target = "asset_upload";
    private const string NamePrefix = "name:";

    public Task<Page<Asset>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) => assets.ListAsync(workspaceId, page, ct);

    public async Task<Asset> CreateAsync(string workspaceId, string? name, CancellationToken ct)
    {
        var valid = Validate.Name(name, "name", AssetLimits.MaxNameLength);
        var now = time.GetUtcNow();
        var asset = new Asset { Id = Ids.New(), WorkspaceId = workspaceId, Name = valid, CreatedAt = now, UpdatedAt = now };
        await assets.AddAsync(asset, ct);
        return asset;
    }

    /// <summary>An asset by id, or by name when <paramref name="reference"/> is <c>name:&lt;name&gt;</c>.</summary>
    public async Task<Asset> GetAsync(string workspaceId, string reference, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Asset? asset;
        if (reference.StartsWith(NamePrefix, StringComparison.Ordinal))
        {
            var name = reference[NamePrefix.Length..].Trim();
            asset = name.Length is > 0 and <= AssetLimits.MaxNameLength ? await assets.FindByNameAsync(workspaceId, name, ct) : null;
        }
        else
        {
            asset = Ids.IsWellFormed(reference) ? await assets.FindAsync(workspaceId, reference, ct) : null;
        }

        return asset ?? throw HangarException.NotFound("The asset");
    }

    public async Task<Asset> DeleteAsync(string workspaceId, string reference, CancellationToken ct)
    {
        var asset = await GetAsync(workspaceId, reference, ct);
        await assets.DeleteAsync(asset, ct);
        if (asset.BlobKey is not null)
        {
            await blobs.DeleteAsync(asset.BlobKey, CancellationToken.None);
        }

        return asset;
    }

    /// <summary>
    /// Starts an upload. With <paramref name="inlineBase64"/> the content is stored now and the upload is completed;
    /// without, the upload waits (pending) for the raw bytes at the URL made from the returned grant.
    /// </summary>
    public async Task<(AssetUpload Upload, UploadGrant? Grant)> StartUploadAsync(Caller caller, string workspaceId, string reference, string? contentType,
        string? inlineBase64, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var type = ValidContentType(contentType);
        byte[]? data = null;
        if (inlineBase64 is not null)
        {
            if (inlineBase64.Length > (AssetLimits.MaxInlineBytes + 2) / 3 * 4 + 4)
            {
                throw InlineTooLarge();
            }

            try
            {
                data = Convert.FromBase64String(inlineBase64);
            }
            catch (FormatException)
            {
                throw HangarException.Invalid("invalid_data", "'data' must be base64.");
            }

            if (data.Length > AssetLimits.MaxInlineBytes)
            {
                throw InlineTooLarge();
            }
        }

        var asset = await GetAsync(workspaceId, reference, ct);
        var upload = new AssetUpload
        {
            Id = Ids.New(), WorkspaceId = workspaceId, AssetId = asset.Id, ContentType = type, Status = AssetUploadStatus.Pending,
            CreatedAt = time.GetUtcNow(),
        };
        await assets.AddUploadAsync(upload, ct);
        if (data is null)
        {
            return (upload, UploadGrant.For(caller, upload.Id, Target, workspaceId, upload.Id, AssetLimits.MaxContentBytes));
        }

        using var content = new MemoryStream(data, writable: false);
        await CompleteAsync(upload, content, long.MaxValue, ct);
        return (upload, null);
    }

    /// <summary>The content PUT to an upload URL: it completes the pending upload the grant names (once).</summary>
    public async Task<AssetUpload> UploadAsync(UploadGrant grant, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Target != Target)
        {
            throw new ArgumentException("The grant is not for an asset upload.", nameof(grant));
        }

        var upload = await assets.FindUploadAsync(grant.WorkspaceId, grant.ObjectId, ct) ?? throw HangarException.NotFound("The asset upload");
        if (upload.Status != AssetUploadStatus.Pending)
        {
            throw UrlUsed();
        }

        await CompleteAsync(upload, content, grant.MaxBytes, ct);
        return upload;
    }

    public async Task<AssetUpload> GetUploadAsync(string workspaceId, string reference, string uploadId, CancellationToken ct)
    {
        var asset = await GetAsync(workspaceId, reference, ct);
        var upload = Ids.IsWellFormed(uploadId) ? await assets.FindUploadAsync(workspaceId, uploadId, ct) : null;
        return upload is not null && upload.AssetId == asset.Id ? upload : throw HangarException.NotFound("The asset upload");
    }

    /// <summary>The signed-download grant of an asset's content, or null while it is empty.</summary>
    public static DownloadGrant? DownloadOf(Asset asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return asset.BlobKey is null ? null : new DownloadGrant(asset.BlobKey, asset.Name, asset.ContentType ?? AssetLimits.DefaultContentType);
    }

    private async Task CompleteAsync(AssetUpload upload, Stream content, long maxBytes, CancellationToken ct)
    {
        var key = BlobKeys.Checked($"ws/{upload.WorkspaceId}/assets/{upload.AssetId}/{upload.Id}");
        BlobInfo stored;
        try
        {
            stored = await blobs.PutAsync(key, new BoundedReadStream(content, maxBytes, TooLarge), ct);
        }
        catch (HangarException ex) when (ex.Code == "asset_too_large")
        {
            // The poller learns why instead of waiting on a pending upload forever.
            await assets.FailUploadAsync(upload.Id, ex.Message, time.GetUtcNow(), CancellationToken.None);
            throw;
        }

        var (completed, replaced) = await assets.CompleteUploadAsync(upload, key, stored.Sha256, stored.Size, time.GetUtcNow(), ct);
        if (!completed)
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            throw UrlUsed();
        }

        if (replaced is not null && replaced != key)
        {
            await blobs.DeleteAsync(replaced, CancellationToken.None);
        }
    }

    private static string ValidContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return AssetLimits.DefaultContentType;
        }

        var trimmed = contentType.Trim();
        return trimmed.Length <= AssetLimits.MaxContentTypeLength && trimmed.All(c => c is > ' ' and <= '~' or ' ')
            ? trimmed
            : throw HangarException.Invalid("invalid_content_type", $"'content_type' must be a MIME type of at most {AssetLimits.MaxContentTypeLength} characters.");
    }

    private static HangarException UrlUsed() =>
        HangarException.Forbidden("upload_url_used", "This upload has been completed already (or its asset was deleted); start a new upload.");

    private static HangarException InlineTooLarge() =>
        new(ErrorKind.PayloadTooLarge, "inline_data_too_large", $"Inline 'data' may carry at most {AssetLimits.MaxInlineBytes} bytes; larger content goes to the upload URL.");

    private static HangarException TooLarge() =>
        new(ErrorKind.PayloadTooLarge, "asset_too_large", $"An asset may be at most {AssetLimits.MaxContentBytes / (1024 * 1024)} MiB.");
}
