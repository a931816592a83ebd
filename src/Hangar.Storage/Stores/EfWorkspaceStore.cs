using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfWorkspaceStore(HangarDbContext db) : IWorkspaceStore
{
    public Task<Workspace?> FindAsync(string id, CancellationToken ct) =>
        db.Workspaces.Include(w => w.Organization).FirstOrDefaultAsync(w => w.Id == id, ct);

    public async Task<IReadOnlyList<Workspace>> FindByNameAsync(string name, CancellationToken ct) =>
        await db.Workspaces.Include(w => w.Organization).Where(w => w.Name == name).ToListAsync(ct);

    public Task<Page<Workspace>> ListVisibleToUserAsync(string userId, IReadOnlyCollection<string> ownedOrganizationIds,
        PageRequest page, CancellationToken ct)
    {
        var owned = ownedOrganizationIds.ToList();
        var query = db.Workspaces.AsNoTracking().Include(w => w.Organization)
            .Where(w => owned.Contains(w.OrganizationId) || db.WorkspaceMembers.Any(m => m.WorkspaceId == w.Id && m.UserId == userId));
        return query.ToKeysetPageAsync(w => w.Id, page, ct);
    }

    public async Task AddAsync(Workspace workspace, WorkspaceMember firstAdmin, CancellationToken ct)
    {
        db.Workspaces.Add(workspace);
        db.WorkspaceMembers.Add(firstAdmin);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The organization already has a workspace named '{workspace.Name}'."), ct);
    }

    public async Task SaveAsync(Workspace workspace, CancellationToken ct)
    {
        await db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The organization already has a workspace named '{workspace.Name}'."), ct);
    }

    public async Task DeleteAsync(Workspace workspace, CancellationToken ct)
    {
        // Rows of the workspace go with it through ON DELETE CASCADE. A process step holds its task package back
        // (ON DELETE RESTRICT, checked as each row goes) and a cascade does not choose its order, so the processes (with
        // their steps and runs) go first, in the same transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Processes.Where(p => p.WorkspaceId == workspace.Id).ExecuteDeleteAsync(ct);
        await db.Workspaces.Where(w => w.Id == workspace.Id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    public Task<WorkspaceMember?> FindMemberAsync(string workspaceId, string userId, CancellationToken ct) =>
        db.WorkspaceMembers.Include(m => m.User).FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, ct);

    public Task<Page<WorkspaceMember>> ListMembersAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.WorkspaceMembers.AsNoTracking().Include(m => m.User).Where(m => m.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(m => m.UserId, page, ct);
    }

    public async Task UpsertMemberAsync(WorkspaceMember member, CancellationToken ct)
    {
        if (db.Entry(member).State == EntityState.Detached)
        {
            db.WorkspaceMembers.Add(member);
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveMemberAsync(WorkspaceMember member, CancellationToken ct)
    {
        db.WorkspaceMembers.Remove(member);
        await db.SaveChangesAsync(ct);
    }

    public Task<int> CountAdminsAsync(string workspaceId, CancellationToken ct) =>
        db.WorkspaceMembers.CountAsync(m => m.WorkspaceId == workspaceId && m.Role == WorkspaceRole.Admin, ct);
}
