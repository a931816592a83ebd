using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Packages;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Storage;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Task packages (robots): their life cycle, and uploads of their zips. An upload arrives on a signed URL with no
/// credential; the <see cref="UploadGrant"/> inside the URL says which package it is for and on whose behalf. Each
/// upload is checked whole (<see cref="RobotPackageValidator"/>) before it is stored, and becomes the package's next
/// version; on any refusal or failure nothing of it remains (no blob, no version row).
/// </summary>
public sealed class TaskPackageService(ITaskPackageStore store, IUploadGrantStore usedGrants, IBlobStore blobs,
    TaskPackageOptions options, AuditLog audit, TimeProvider time)
{
    public const string ZipContentType = "application/zip";

    /// <summary>Concurrent uploads to one package may race for a version number; the loser takes the next one.</summary>
    private const int VersionNumberAttempts = 3;

    public async Task<TaskPackage> CreateAsync(Caller caller, string workspaceId, string? name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var package = new TaskPackage
        {
            Id = Ids.New(),
            WorkspaceId = workspaceId,
            Name = Validate.Name(name),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddAsync(package, ct);
        await audit.RecordAsync(caller, AuditActions.TaskPackageCreated, Target(package), ct);
        return package;
    }

    public Task<Page<TaskPackage>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        store.ListAsync(workspaceId, page, ct);

    public async Task<TaskPackage> GetAsync(string workspaceId, string id, CancellationToken ct) =>
        Ids.IsWellFormed(id) ? await store.FindAsync(workspaceId, id, ct) ?? throw NotFound() : throw NotFound();

    /// <summary>The latest version of each of <paramref name="packages"/> that has one, by version id.</summary>
    public async Task<IReadOnlyDictionary<string, TaskPackageVersion>> LatestVersionsAsync(string workspaceId,
        IEnumerable<TaskPackage> packages, CancellationToken ct)
    {
        var ids = packages.Select(p => p.LatestVersionId).OfType<string>().ToList();
        var versions = await store.FindVersionsAsync(workspaceId, ids, ct);
        return versions.ToDictionary(v => v.Id, StringComparer.Ordinal);
    }

    public async Task<TaskPackageVersion?> LatestVersionAsync(TaskPackage package, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.LatestVersionId is { } id ? await store.FindVersionAsync(package.WorkspaceId, id, ct) : null;
    }

    public async Task<Page<TaskPackageVersion>> ListVersionsAsync(string workspaceId, string id, PageRequest page, CancellationToken ct)
    {
        var package = await GetAsync(workspaceId, id, ct);
        return await store.ListVersionsAsync(workspaceId, package.Id, page, ct);
    }

    /// <summary>Deletes the package, its versions and their zips.</summary>
    public async Task DeleteAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var package = await GetAsync(workspaceId, id, ct);
        var keys = await store.ListBlobKeysAsync(workspaceId, package.Id, ct);
        // Rows first: a failure between the two steps leaves unreferenced files, never versions without their zip.
        await store.DeleteAsync(package, ct);
        foreach (var key in keys)
        {
            // The rows are gone: their files go too, even when the client stops waiting.
            await blobs.DeleteAsync(key, CancellationToken.None);
        }

        await audit.RecordAsync(caller, AuditActions.TaskPackageDeleted, Target(package), ct);
    }

    /// <summary>What an upload URL for the package allows: one zip, within the size limit, on behalf of <paramref name="caller"/>.</summary>
    public async Task<UploadGrant> GrantUploadAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var package = await GetAsync(workspaceId, id, ct);
        return UploadGrant.For(caller, Ids.New(), UploadGrant.TaskPackageTarget, workspaceId, package.Id, options.Limits.MaxPackageBytes);
    }

    /// <summary>The package's latest version and what a download URL for its zip allows; 404 <c>no_version</c> before the first upload.</summary>
    public async Task<(TaskPackageVersion Version, DownloadGrant Grant)> GrantDownloadAsync(string workspaceId, string id, CancellationToken ct)
    {
        var package = await GetAsync(workspaceId, id, ct);
        var version = await LatestVersionAsync(package, ct)
            ?? throw new HangarException(ErrorKind.NotFound, "no_version", "The task package has no uploaded version yet; upload a zip first.");
        return (version, new DownloadGrant(version.BlobKey, DownloadFileName(package), ZipContentType));
    }

    /// <summary>One version of the package and what a download URL for its zip allows (the UI downloads any version, not only the latest).</summary>
    public async Task<(TaskPackageVersion Version, DownloadGrant Grant)> GrantDownloadAsync(string workspaceId, string id, string versionId,
        CancellationToken ct)
    {
        var package = await GetAsync(workspaceId, id, ct);
        var version = (Ids.IsWellFormed(versionId) ? await store.FindVersionAsync(workspaceId, versionId, ct) : null) is { } found
                      && found.TaskPackageId == package.Id
            ? found
            : throw HangarException.NotFound("The task package version");
        return (version, new DownloadGrant(version.BlobKey, DownloadFileName(package, version), ZipContentType));
    }

    /// <summary>
    /// Stores an uploaded zip as the package's next version. Refusals: 403 <c>upload_url_used</c>, 404 for a package
    /// deleted meanwhile, 413 <c>package_too_large</c>, 400 for a zip that fails the checks.
    /// </summary>
    public async Task<TaskPackageVersion> UploadAsync(UploadGrant grant, DateTimeOffset urlExpiresAt, Stream content, string? clientAddress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(content);
        if (grant.Target != UploadGrant.TaskPackageTarget)
        {
            throw new ArgumentException($"The grant is for a {grant.Target}, not a task package.", nameof(grant));
        }

        // Checked before the body is read, so a reused URL is refused without taking the upload; the insert of the
        // grant with the version is what actually guarantees a single use.
        if (await usedGrants.IsUsedAsync(grant.Id, ct))
        {
            throw UrlUsed();
        }

        var package = await GetAsync(grant.WorkspaceId, grant.ObjectId, ct);
        Directory.CreateDirectory(options.SpoolDirectory);
        var spoolPath = Path.Combine(options.SpoolDirectory, $"upload-{Guid.NewGuid():N}.zip");
        await using var spool = new FileStream(spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        var size = await SpoolAsync(content, spool, Math.Min(grant.MaxBytes, options.Limits.MaxPackageBytes), ct);
        if (size == 0)
        {
            throw HangarException.Invalid("invalid_zip", "The upload is empty; send the robot's zip.");
        }

        spool.Position = 0;
        var info = await RobotPackageValidator.ValidateAsync(spool, options.Limits, ct);
        spool.Position = 0;
        var versionId = Ids.New();
        var blobKey = BlobKeys.TaskPackageVersion(package.WorkspaceId, versionId);
        var stored = await blobs.PutAsync(blobKey, spool, ct);
        var uploader = new Caller { Kind = grant.ActorKind, Id = grant.ActorId, Name = grant.ActorName, ClientAddress = clientAddress };
        TaskPackageVersion version;
        try
        {
            version = await AddVersionAsync(package, versionId, stored, info, uploader, grant, urlExpiresAt, ct);
        }
        catch
        {
            // No version row points at the zip: remove it, even when the failure is the client going away.
            await blobs.DeleteAsync(blobKey, CancellationToken.None);
            throw;
        }

        await audit.RecordAsync(uploader, AuditActions.TaskPackageUploaded, Target(package), ct);
        return version;
    }

    /// <summary>A file name for downloads: the package's name, kept to characters every file system and browser accepts.</summary>
    public static string DownloadFileName(TaskPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var safe = new string(package.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return (safe.Length == 0 ? "robot" : safe) + ".zip";
    }

    /// <summary>The file name of one version's zip: the package's, with the version number (<c>robot-v3.zip</c>).</summary>
    public static string DownloadFileName(TaskPackage package, TaskPackageVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var name = DownloadFileName(package);
        return $"{name[..^".zip".Length]}-v{version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)}.zip";
    }

    private async Task<TaskPackageVersion> AddVersionAsync(TaskPackage package, string versionId, BlobInfo stored, RobotPackageInfo info,
        Caller uploader, UploadGrant grant, DateTimeOffset urlExpiresAt, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var version = new TaskPackageVersion
            {
                Id = versionId,
                TaskPackageId = package.Id,
                WorkspaceId = package.WorkspaceId,
                Number = await store.LastVersionNumberAsync(package.WorkspaceId, package.Id, ct) + 1,
                Sha256 = stored.Sha256,
                Size = stored.Size,
                BlobKey = stored.Key,
                RobotRoot = info.RobotRoot,
                Tasks = info.Tasks.ToList(),
                UploadedByType = uploader.ActorType,
                UploadedById = uploader.Id,
                UploadedByName = ClientText.Clip(uploader.Name, 200),
                UploadedAt = now,
            };
            try
            {
                await store.AddVersionAsync(package, version, new UsedUploadGrant { Id = grant.Id, UsedAt = now, ExpiresAt = urlExpiresAt }, ct);
                return version;
            }
            catch (HangarException ex) when (ex.Code == "version_taken" && attempt < VersionNumberAttempts)
            {
                // The store let go of the package after the failed write; take it again, as it is now.
                package = await GetAsync(package.WorkspaceId, package.Id, ct);
            }
        }
    }

    /// <summary>Copies the upload to the spool file, refusing it with 413 as soon as it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<long> SpoolAsync(Stream content, Stream spool, long maxBytes, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            await spool.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return total;
    }

    public static HangarException TooLarge(long maxBytes) =>
        new(ErrorKind.PayloadTooLarge, "package_too_large", $"The zip is larger than the {maxBytes} bytes a task package may have.");

    private static HangarException UrlUsed() =>
        HangarException.Forbidden("upload_url_used", "This upload URL has been used already; ask for a new one.");

    private static HangarException NotFound() => HangarException.NotFound("The task package");

    private static AuditTarget Target(TaskPackage package) => new("task_package", package.Id, package.Name, package.WorkspaceId);
}
