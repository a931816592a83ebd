using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfWorkItemFileStore(HangarDbContext db) : IWorkItemFileStore
{
    public async Task<WorkItemFile?> AddAsync(WorkItemFile file, UsedUploadGrant grant, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var replaced = await db.WorkItemFiles.FirstOrDefaultAsync(f => f.WorkItemId == file.WorkItemId && f.Name == file.Name, ct);
            if (replaced is not null)
            {
                db.WorkItemFiles.Remove(replaced);
                await db.SaveChangesAsync(ct);
            }

            db.WorkItemFiles.Add(file);
            db.UsedUploadGrants.Add(grant);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return replaced;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw HangarException.Forbidden("upload_url_used", "This upload URL has been used already; ask for a new one.");
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw HangarException.NotFound("The work item");
        }
    }

    public async Task<ILookup<string, WorkItemFile>> ListAsync(string workspaceId, IReadOnlyCollection<string> workItemIds, CancellationToken ct)
    {
        var ids = workItemIds.ToList();
        var rows = ids.Count == 0 ? [] : await db.WorkItemFiles.AsNoTracking()
            .Where(f => f.WorkspaceId == workspaceId && ids.Contains(f.WorkItemId)).OrderBy(f => f.Name).ToListAsync(ct);
        return rows.ToLookup(f => f.WorkItemId, StringComparer.Ordinal);
    }

    public Task<WorkItemFile?> FindAsync(string workspaceId, string workItemId, string fileId, CancellationToken ct) =>
        db.WorkItemFiles.FirstOrDefaultAsync(f => f.Id == fileId && f.WorkItemId == workItemId && f.WorkspaceId == workspaceId, ct);

    public async Task DeleteAsync(WorkItemFile file, CancellationToken ct)
    {
        db.WorkItemFiles.Remove(file);
        await db.SaveChangesAsync(ct);
    }
}
