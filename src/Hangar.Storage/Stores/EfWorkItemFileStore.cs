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
            // Deleted by statement, not through the change tracker: when two uploads of one name race, the one that finds
            // the row gone deletes nothing (and leaves that file's blob to the other) instead of failing.
            var replaced = await db.WorkItemFiles.AsNoTracking().FirstOrDefaultAsync(f => f.WorkItemId == file.WorkItemId && f.Name == file.Name, ct);
            if (replaced is not null && await db.WorkItemFiles.Where(f => f.Id == replaced.Id).ExecuteDeleteAsync(ct) == 0)
            {
                replaced = null;
            }

            db.WorkItemFiles.Add(file);
            db.UsedUploadGrants.Add(grant);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return replaced;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Either this URL was used (the grant's key) or another file of this name came in at the same moment (the name's).
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw await db.UsedUploadGrants.AnyAsync(g => g.Id == grant.Id, ct)
                ? HangarException.Forbidden("upload_url_used", "This upload URL has been used already; ask for a new one.")
                : HangarException.Conflict("file_upload_conflict",
                    $"Another file named '{file.Name}' was added to this work item at the same moment; upload again to replace it.");
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
