using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfTaskPackageStore(HangarDbContext db, DatabaseSettings settings) : ITaskPackageStore
{
    public async Task AddAsync(TaskPackage package, CancellationToken ct)
    {
        db.TaskPackages.Add(package);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The workspace already has a task package named '{package.Name}'."), ct);
    }

    public Task<TaskPackage?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.TaskPackages.FirstOrDefaultAsync(p => p.Id == id && p.WorkspaceId == workspaceId, ct);

    public Task<string?> LatestVersionIdAsync(string workspaceId, string id, CancellationToken ct) =>
        CompiledRunQueries.LatestVersionIdAsync(db, settings.Provider, workspaceId, id, ct);

    public Task<Page<TaskPackage>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.TaskPackages.AsNoTracking().Where(p => p.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(p => p.Id, page, ct);
    }

    public async Task SaveAsync(TaskPackage package, CancellationToken ct)
    {
        await db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The workspace already has a task package named '{package.Name}'."), ct);
    }

    public async Task DeleteAsync(TaskPackage package, CancellationToken ct)
    {
        if (await InUseAsync(package, ct) is { } refusal)
        {
            throw refusal;
        }

        db.TaskPackages.Remove(package);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // A process took the package up between the check and the delete: the same refusal, naming it.
            db.ChangeTracker.Clear();
            throw await InUseAsync(package, ct) ?? InUse([]);
        }
    }

    /// <summary>409 <c>task_package_in_use</c> naming the processes whose steps run the package, or null when none does.</summary>
    private async Task<HangarException?> InUseAsync(TaskPackage package, CancellationToken ct)
    {
        var names = await db.Processes.AsNoTracking()
            .Where(p => p.WorkspaceId == package.WorkspaceId && db.ProcessSteps.Any(s => s.ProcessId == p.Id && s.TaskPackageId == package.Id))
            .OrderBy(p => p.Name).Select(p => p.Name).Take(MaxNamed + 1).ToListAsync(ct);
        return names.Count == 0 ? null : InUse(names);
    }

    private const int MaxNamed = 20;

    private static HangarException InUse(List<string> names)
    {
        var named = string.Join(", ", names.Take(MaxNamed).Select(n => $"'{n}'"));
        var more = names.Count > MaxNamed ? " and others" : string.Empty;
        return HangarException.Conflict("task_package_in_use", names.Count == 0
            ? "A process uses this task package; change or delete its steps first."
            : $"Processes use this task package: {named}{more}. Change or delete their steps first.");
    }

    public async Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, CancellationToken ct)
    {
        Stage(package, version);
        await SaveVersionAsync(version, null, ct);
    }

    public async Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, UsedUploadGrant grant, CancellationToken ct)
    {
        Stage(package, version);
        db.UsedUploadGrants.Add(grant);
        await SaveVersionAsync(version, grant, ct);
    }

    public async Task<int> LastVersionNumberAsync(string workspaceId, string packageId, CancellationToken ct) =>
        await db.TaskPackageVersions.Where(v => v.TaskPackageId == packageId && v.WorkspaceId == workspaceId)
            .MaxAsync(v => (int?)v.Number, ct) ?? 0;

    public Task<TaskPackageVersion?> FindVersionAsync(string workspaceId, string versionId, CancellationToken ct) =>
        db.TaskPackageVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.WorkspaceId == workspaceId, ct);

    public async Task<IReadOnlyList<TaskPackageVersion>> FindVersionsAsync(string workspaceId, IReadOnlyCollection<string> versionIds,
        CancellationToken ct)
    {
        if (versionIds.Count == 0)
        {
            return [];
        }

        return await db.TaskPackageVersions.AsNoTracking().Where(v => v.WorkspaceId == workspaceId && versionIds.Contains(v.Id)).ToListAsync(ct);
    }

    public Task<Page<TaskPackageVersion>> ListVersionsAsync(string workspaceId, string packageId, PageRequest page, CancellationToken ct)
    {
        var query = db.TaskPackageVersions.AsNoTracking().Where(v => v.TaskPackageId == packageId && v.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(v => v.Id, page, ct, descending: true);
    }

    public async Task<IReadOnlyList<string>> ListBlobKeysAsync(string workspaceId, string packageId, CancellationToken ct) =>
        await db.TaskPackageVersions.AsNoTracking().Where(v => v.TaskPackageId == packageId && v.WorkspaceId == workspaceId)
            .Select(v => v.BlobKey).ToListAsync(ct);

    private void Stage(TaskPackage package, TaskPackageVersion version)
    {
        db.TaskPackageVersions.Add(version);
        package.LatestVersionId = version.Id;
        package.UpdatedAt = version.UploadedAt;
    }

    /// <summary>Saves a staged version; tells apart the ways it can lose a race, after the failed write is undone.</summary>
    private async Task SaveVersionAsync(TaskPackageVersion version, UsedUploadGrant? grant, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            if (grant is not null && await db.UsedUploadGrants.AsNoTracking().AnyAsync(g => g.Id == grant.Id, ct))
            {
                throw HangarException.Forbidden("upload_url_used", "This upload URL has been used already; ask for a new one.");
            }

            throw HangarException.Conflict("version_taken", $"Version {version.Number} of the task package was uploaded meanwhile.");
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsForeignKeyViolation(ex))
        {
            // The package was deleted while its zip was being uploaded.
            db.ChangeTracker.Clear();
            throw HangarException.NotFound("The task package");
        }
    }
}
