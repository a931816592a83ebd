using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>Task packages (robots) and their uploaded versions.</summary>
public interface ITaskPackageStore
{
    /// <summary>Adds a package; a conflict when the workspace has one of that name.</summary>
    Task AddAsync(TaskPackage package, CancellationToken ct);

    Task<TaskPackage?> FindAsync(string workspaceId, string id, CancellationToken ct);

    Task<Page<TaskPackage>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    Task SaveAsync(TaskPackage package, CancellationToken ct);

    /// <summary>Deletes the package and its version rows (blobs are the caller's to delete).</summary>
    Task DeleteAsync(TaskPackage package, CancellationToken ct);

    /// <summary>Adds a version and makes it the package's latest, in one transaction.</summary>
    Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, CancellationToken ct);

    Task<TaskPackageVersion?> FindVersionAsync(string workspaceId, string versionId, CancellationToken ct);

    /// <summary>A package's versions, newest first.</summary>
    Task<Page<TaskPackageVersion>> ListVersionsAsync(string workspaceId, string packageId, PageRequest page, CancellationToken ct);
}
