using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Storage;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Files of work items: a client asks for an upload URL with the file's name and size, then sends the file to it
/// with no credential (S3-style presigned POST); the upload lands as the item's file, replacing one of the same name.
/// </summary>
public sealed class WorkItemFileService(IRunStore runs, IWorkItemFileStore files, IUploadGrantStore usedGrants, IBlobStore blobs, TimeProvider time)
{
    public const long MaxFileBytes = 100L * 1024 * 1024;
    public const string Target = "work_item_file";

    public async Task<UploadGrant> GrantUploadAsync(Caller caller, string workspaceId, string workItemId, string? fileName, long? fileSize,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var name = ValidFileName(fileName);
        if (fileSize is null or < 0)
        {
            throw HangarException.Invalid("invalid_file_size", "'file_size' must be the file's size in bytes.");
        }

        if (fileSize > MaxFileBytes)
        {
            throw TooLarge();
        }

        var item = (Ids.IsWellFormed(workItemId) ? await runs.FindWorkItemAsync(workspaceId, workItemId, ct) : null)
                   ?? throw HangarException.NotFound("The work item");
        return UploadGrant.For(caller, Ids.New(), Target, workspaceId, item.Id, Math.Max(fileSize.Value, 1)) with { FileName = name };
    }

    public async Task<WorkItemFile> UploadAsync(UploadGrant grant, DateTimeOffset urlExpiresAt, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Target != Target || grant.FileName is null)
        {
            throw new ArgumentException("The grant is not for a work item file.", nameof(grant));
        }

        if (await usedGrants.IsUsedAsync(grant.Id, ct))
        {
            throw HangarException.Forbidden("upload_url_used", "This upload URL has been used already; ask for a new one.");
        }

        var id = Ids.New();
        var key = BlobKeys.Checked($"ws/{grant.WorkspaceId}/work-items/{grant.ObjectId}/{id}");
        // The size was announced when the URL was asked for: the upload may not exceed it.
        var stored = await blobs.PutAsync(key, new BoundedReadStream(content, grant.MaxBytes, TooLarge), ct);
        var now = time.GetUtcNow();
        try
        {
            var file = new WorkItemFile
            {
                Id = id, WorkspaceId = grant.WorkspaceId, WorkItemId = grant.ObjectId, Name = grant.FileName, Size = stored.Size,
                Sha256 = stored.Sha256, BlobKey = key, CreatedAt = now,
            };
            var replaced = await files.AddAsync(file, new UsedUploadGrant { Id = grant.Id, UsedAt = now, ExpiresAt = urlExpiresAt }, ct);
            if (replaced is not null)
            {
                await blobs.DeleteAsync(replaced.BlobKey, CancellationToken.None);
            }

            return file;
        }
        catch
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Deletes a file of an item: its row, then its blob (a blob left by a crash in between is only unreachable space).</summary>
    public async Task DeleteAsync(string workspaceId, string workItemId, string fileId, CancellationToken ct)
    {
        var file = (Ids.IsWellFormed(fileId) ? await files.FindAsync(workspaceId, workItemId, fileId, ct) : null)
                   ?? throw HangarException.NotFound("The file");
        await files.DeleteAsync(file, ct);
        await blobs.DeleteAsync(file.BlobKey, CancellationToken.None);
    }

    private static string ValidFileName(string? fileName)
    {
        var name = Validate.Name(fileName, "file_name", 255);
        return name.IndexOfAny(['/', '\\']) < 0 && name is not ("." or "..")
            ? name
            : throw HangarException.Invalid("invalid_name", "'file_name' must be a plain file name, without folders.");
    }

    private static HangarException TooLarge() =>
        new(ErrorKind.PayloadTooLarge, "file_too_large", $"A work item file may be at most {MaxFileBytes / (1024 * 1024)} MiB (and no larger than announced).");
}
