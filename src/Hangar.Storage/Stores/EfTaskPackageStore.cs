using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfTaskPackageStore(HangarDbContext db) : ITaskPackageStore
{
    public async Task AddAsync(TaskPackage package, CancellationToken ct)
    {
        db.TaskPackages.Add(package);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw HangarException.Conflict("name_taken", $"The workspace already has a task package named '{package.Name}'.");
        }
    }

    public Task<TaskPackage?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.TaskPackages.FirstOrDefaultAsync(p => p.Id == id && p.WorkspaceId == workspaceId, ct);

    public Task<Page<TaskPackage>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.TaskPackages.AsNoTracking().Where(p => p.WorkspaceId == workspaceId);
        if (page.After is not null)
        {
            query = query.Where(p => string.Compare(p.Id, page.After) > 0);
        }

        return query.OrderBy(p => p.Id).ToPageAsync(page, ct);
    }

    public async Task SaveAsync(TaskPackage package, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw HangarException.Conflict("name_taken", $"The workspace already has a task package named '{package.Name}'.");
        }
    }

    public async Task DeleteAsync(TaskPackage package, CancellationToken ct)
    {
        db.TaskPackages.Remove(package);
        await db.SaveChangesAsync(ct);
    }

    public async Task AddVersionAsync(TaskPackage package, TaskPackageVersion version, CancellationToken ct)
    {
        db.TaskPackageVersions.Add(version);
        package.LatestVersionId = version.Id;
        package.UpdatedAt = version.UploadedAt;
        await db.SaveChangesAsync(ct);
    }

    public Task<TaskPackageVersion?> FindVersionAsync(string workspaceId, string versionId, CancellationToken ct) =>
        db.TaskPackageVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId && v.WorkspaceId == workspaceId, ct);

    public Task<Page<TaskPackageVersion>> ListVersionsAsync(string workspaceId, string packageId, PageRequest page, CancellationToken ct)
    {
        var query = db.TaskPackageVersions.AsNoTracking().Where(v => v.TaskPackageId == packageId && v.WorkspaceId == workspaceId);
        if (page.After is not null)
        {
            query = query.Where(v => string.Compare(v.Id, page.After) < 0);
        }

        return query.OrderByDescending(v => v.Id).ToPageAsync(page, ct);
    }
}
