using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfWorkerStore(HangarDbContext db, Database.WriteGate writeGate) : IWorkerStore
{
    public async Task AddWorkerAsync(Worker worker, IReadOnlyList<WorkerGroupMember> memberships, CancellationToken ct)
    {
        db.Workers.Add(worker);
        db.WorkerGroupMembers.AddRange(memberships);
        await db.SaveChangesAsync(ct);
    }

    public Task<Worker?> FindWorkerAsync(string workspaceId, string id, CancellationToken ct) =>
        db.Workers.FirstOrDefaultAsync(w => w.Id == id && w.WorkspaceId == workspaceId, ct);

    public Task<Worker?> FindWorkerByCredentialHashAsync(string credentialHash, CancellationToken ct) =>
        db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.CredentialHash == credentialHash, ct);

    public Task<Page<Worker>> ListWorkersAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.Workers.AsNoTracking().Where(w => w.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(w => w.Id, page, ct);
    }

    public async Task<IReadOnlySet<string>> BusyWorkersAsync(IReadOnlyCollection<string> workerIds, CancellationToken ct)
    {
        var ids = workerIds.ToList();
        var busy = await db.StepRuns.AsNoTracking()
            .Where(s => s.State == StepRunState.InProgress && s.WorkerId != null && ids.Contains(s.WorkerId))
            .Select(s => s.WorkerId!).Distinct().ToListAsync(ct);
        return busy.ToHashSet(StringComparer.Ordinal);
    }

    public async Task DeleteWorkerAsync(Worker worker, CancellationToken ct)
    {
        db.Workers.Remove(worker);
        await db.SaveChangesAsync(ct);
    }

    public async Task TouchWorkerAsync(string workerId, DateTimeOffset at, CancellationToken ct)
    {
        // Every claim and heartbeat writes this; on SQLite it queues with the other hot-path writes instead of colliding.
        using var turn = await writeGate.EnterAsync(ct);
        await db.Workers.Where(w => w.Id == workerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, at), ct);
    }

    public async Task TouchWorkerAsync(string workerId, DateTimeOffset at, string isolation, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        await db.Workers.Where(w => w.Id == workerId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LastSeenAt, at).SetProperty(w => w.Isolation, isolation), ct);
    }

    public async Task AddGroupAsync(WorkerGroup group, CancellationToken ct)
    {
        db.WorkerGroups.Add(group);
        await db.SaveChangesAsync(ct);
    }

    public Task<WorkerGroup?> FindGroupAsync(string workspaceId, string id, CancellationToken ct) =>
        db.WorkerGroups.FirstOrDefaultAsync(g => g.Id == id && g.WorkspaceId == workspaceId, ct);

    public Task<Page<WorkerGroup>> ListGroupsAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.WorkerGroups.AsNoTracking().Where(g => g.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(g => g.Id, page, ct);
    }

    public async Task DeleteGroupAsync(WorkerGroup group, CancellationToken ct)
    {
        db.WorkerGroups.Remove(group);
        await db.SaveChangesAsync(ct);
    }

    public async Task AddMemberAsync(WorkerGroupMember member, CancellationToken ct)
    {
        if (!await db.WorkerGroupMembers.AnyAsync(m => m.WorkerId == member.WorkerId && m.WorkerGroupId == member.WorkerGroupId, ct))
        {
            db.WorkerGroupMembers.Add(member);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                // A concurrent request added the same membership: the outcome is what was asked for.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<bool> RemoveMemberAsync(string workerGroupId, string workerId, CancellationToken ct) =>
        await db.WorkerGroupMembers.Where(m => m.WorkerGroupId == workerGroupId && m.WorkerId == workerId).ExecuteDeleteAsync(ct) > 0;

    public async Task<IReadOnlyList<WorkerGroup>> GroupsOfWorkerAsync(string workerId, CancellationToken ct) =>
        await db.WorkerGroups.AsNoTracking()
            .Where(g => db.WorkerGroupMembers.Any(m => m.WorkerGroupId == g.Id && m.WorkerId == workerId))
            .OrderBy(g => g.Id).ToListAsync(ct);

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<WorkerGroup>>> GroupsOfWorkersAsync(IReadOnlyCollection<string> workerIds,
        CancellationToken ct)
    {
        var ids = workerIds.ToList();
        var rows = await (from m in db.WorkerGroupMembers.AsNoTracking()
                          join g in db.WorkerGroups.AsNoTracking() on m.WorkerGroupId equals g.Id
                          where ids.Contains(m.WorkerId)
                          orderby g.Id
                          select new { m.WorkerId, Group = g }).ToListAsync(ct);
        return rows.GroupBy(r => r.WorkerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<WorkerGroup>)g.Select(r => r.Group).ToList(), StringComparer.Ordinal);
    }

    public Task<Page<Worker>> ListGroupMembersAsync(string workspaceId, string workerGroupId, PageRequest page, CancellationToken ct)
    {
        var query = db.Workers.AsNoTracking()
            .Where(w => w.WorkspaceId == workspaceId && db.WorkerGroupMembers.Any(m => m.WorkerGroupId == workerGroupId && m.WorkerId == w.Id));
        return query.ToKeysetPageAsync(w => w.Id, page, ct);
    }

    public async Task AddLinkTokenAsync(LinkToken token, CancellationToken ct)
    {
        db.LinkTokens.Add(token);
        await db.SaveChangesAsync(ct);
    }

    public Task<LinkToken?> FindLinkTokenAsync(string workspaceId, string? workerGroupId, string id, CancellationToken ct) =>
        db.LinkTokens.FirstOrDefaultAsync(t => t.Id == id && t.WorkspaceId == workspaceId && t.WorkerGroupId == workerGroupId, ct);

    public Task<LinkToken?> FindLinkTokenByHashAsync(string tokenHash, CancellationToken ct) =>
        db.LinkTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == tokenHash, ct);

    public Task<Page<LinkToken>> ListLinkTokensAsync(string workspaceId, string workerGroupId, PageRequest page, CancellationToken ct)
    {
        var query = db.LinkTokens.AsNoTracking().Where(t => t.WorkspaceId == workspaceId && t.WorkerGroupId == workerGroupId);
        return query.ToKeysetPageAsync(t => t.Id, page, ct);
    }

    public async Task<bool> UseLinkTokenAsync(string id, DateTimeOffset at, CancellationToken ct) =>
        await db.LinkTokens.Where(t => t.Id == id && t.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, at), ct) == 1;

    public async Task DeleteLinkTokenAsync(LinkToken token, CancellationToken ct)
    {
        db.LinkTokens.Remove(token);
        await db.SaveChangesAsync(ct);
    }

    public Task SaveAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
}
