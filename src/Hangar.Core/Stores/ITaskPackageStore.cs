using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>Task packages (robots) and their uploaded versions.</summary>
public interface ITaskPackageStore
{
    /// <summary>Adds a package; a conflict when the workspace has one of that name.</summary>
    Task AddAsync(TaskPackage package, CancellationToken ct);

    Task<TaskPackage?> FindAsync(string workspaceId, string id, CancellationToken ct);

    /// <summary>The id of the package's latest version, read only; null when it has none or does not exist.</summary>
    Task<string?> LatestVersionIdAsync(string workspaceId, string id, CancellationToken ct);

    Task<Page<TaskPackage>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    Task SaveAsync(TaskPackage package, CancellationToken ct);

    /// <summary>Deletes the package and its version rows (blobs are the caller's to delete).</summary>
    Task DeleteAsync(TaskPackage package, CancellationToken ct);

    /// <summary>Adds a version and makes it the package's latest, in one transaction.</summary>
    Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, CancellationToken ct);

    /// <summary>
    /// Adds a version, makes it the package's latest and records the upload URL that brought it as used, in one
    /// transaction. Conflicts: <c>upload_url_used</c> when the grant was used already, <c>version_taken</c> when another
    /// upload took the version's number first (ask again with the next number).
    /// </summary>
    Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, UsedUploadGrant grant, CancellationToken ct);

    /// <summary>The highest version number of the package so far; 0 before its first upload.</summary>
    Task<int> LastVersionNumberAsync(string workspaceId, string packageId, CancellationToken ct);

    Task<TaskPackageVersion?> FindVersionAsync(string workspaceId, string versionId, CancellationToken ct);

    /// <summary>The versions of <paramref name="versionIds"/> found in the workspace, in any order (for lists showing each package's latest).</summary>
    Task<IReadOnlyList<TaskPackageVersion>> FindVersionsAsync(string workspaceId, IReadOnlyCollection<string> versionIds, CancellationToken ct);

    /// <summary>A package's versions, newest first.</summary>
    Task<Page<TaskPackageVersion>> ListVersionsAsync(string workspaceId, string packageId, PageRequest page, CancellationToken ct);

    /// <summary>Where every version of the package keeps its zip (to delete them with the package).</summary>
    Task<IReadOnlyList<string>> ListBlobKeysAsync(string workspaceId, string packageId, CancellationToken ct);
}
