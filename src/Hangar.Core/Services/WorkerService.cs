using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Workers and worker groups of a workspace (Robocorp's <c>Workers.*</c> routes).</summary>
public sealed class WorkerService(IWorkerStore store, DispatchOptions options, AuditLog audit, TimeProvider time)
{
    /// <summary>A page of workers with the state each is in now.</summary>
    public async Task<Page<(Worker Worker, WorkerState State)>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var workers = await store.ListWorkersAsync(workspaceId, page, ct);
        var busy = await store.BusyWorkersAsync(workers.Items.Select(w => w.Id).ToList(), ct);
        return workers.Map(w => (w, StateOf(w, busy.Contains(w.Id))));
    }

    /// <summary>The groups each of <paramref name="workers"/> belongs to (a worker in none is absent).</summary>
    public Task<IReadOnlyDictionary<string, IReadOnlyList<WorkerGroup>>> GroupsOfAsync(IEnumerable<Worker> workers, CancellationToken ct) =>
        store.GroupsOfWorkersAsync(workers.Select(w => w.Id).ToList(), ct);

    /// <summary>A page of the group's members with the state each is in now.</summary>
    public async Task<Page<(Worker Worker, WorkerState State)>> ListGroupMembersAsync(string workspaceId, string groupId, PageRequest page,
        CancellationToken ct)
    {
        var group = await GetGroupAsync(workspaceId, groupId, ct);
        var workers = await store.ListGroupMembersAsync(workspaceId, group.Id, page, ct);
        var busy = await store.BusyWorkersAsync(workers.Items.Select(w => w.Id).ToList(), ct);
        return workers.Map(w => (w, StateOf(w, busy.Contains(w.Id))));
    }

    public async Task<(Worker Worker, WorkerState State)> GetAsync(string workspaceId, string id, CancellationToken ct)
    {
        var worker = await FindAsync(workspaceId, id, ct);
        var busy = await store.BusyWorkersAsync([worker.Id], ct);
        return (worker, StateOf(worker, busy.Contains(worker.Id)));
    }

    public async Task<(Worker Worker, WorkerState State)> RenameAsync(Caller caller, string workspaceId, string id, string? name, CancellationToken ct)
    {
        var worker = await FindAsync(workspaceId, id, ct);
        worker.Name = Validate.Name(name, "name", 200);
        await store.SaveAsync(ct);
        await audit.RecordAsync(caller, AuditActions.WorkerRenamed, Target(worker), ct);
        return await GetAsync(workspaceId, id, ct);
    }

    /// <summary>Removes the worker: its credential stops working at once; a step run it holds is left to the watchdog.</summary>
    public async Task DeleteAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var worker = await FindAsync(workspaceId, id, ct);
        await store.DeleteWorkerAsync(worker, ct);
        await audit.RecordAsync(caller, AuditActions.WorkerDeleted, Target(worker), ct);
    }

    public Task<Page<WorkerGroup>> ListGroupsAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        store.ListGroupsAsync(workspaceId, page, ct);

    public async Task<WorkerGroup> CreateGroupAsync(Caller caller, string workspaceId, string? name, CancellationToken ct)
    {
        var group = new WorkerGroup { Id = Ids.New(), WorkspaceId = workspaceId, Name = Validate.Name(name, "name", 200), CreatedAt = time.GetUtcNow() };
        await store.AddGroupAsync(group, ct);
        await audit.RecordAsync(caller, AuditActions.WorkerGroupCreated, Target(group), ct);
        return group;
    }

    public async Task<WorkerGroup> GetGroupAsync(string workspaceId, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await store.FindGroupAsync(workspaceId, id, ct) : null) ?? throw GroupNotFound();

    public async Task<WorkerGroup> RenameGroupAsync(Caller caller, string workspaceId, string id, string? name, CancellationToken ct)
    {
        var group = await GetGroupAsync(workspaceId, id, ct);
        group.Name = Validate.Name(name, "name", 200);
        await store.SaveAsync(ct);
        await audit.RecordAsync(caller, AuditActions.WorkerGroupRenamed, Target(group), ct);
        return group;
    }

    /// <summary>Deletes the group with its memberships and link tokens; steps tagged with it keep waiting for a group that no longer exists.</summary>
    public async Task DeleteGroupAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var group = await GetGroupAsync(workspaceId, id, ct);
        await store.DeleteGroupAsync(group, ct);
        await audit.RecordAsync(caller, AuditActions.WorkerGroupDeleted, Target(group), ct);
    }

    /// <summary>Adds the worker to the group (nothing changes when it is a member already) and returns its groups.</summary>
    public async Task<(Worker Worker, IReadOnlyList<WorkerGroup> Groups)> AddMemberAsync(Caller caller, string workspaceId, string groupId,
        string? workerId, CancellationToken ct)
    {
        var group = await GetGroupAsync(workspaceId, groupId, ct);
        var worker = await FindAsync(workspaceId, workerId ?? throw HangarException.Invalid("missing_field", "'worker.id' is required."), ct);
        await store.AddMemberAsync(new WorkerGroupMember { WorkerGroupId = group.Id, WorkerId = worker.Id, WorkspaceId = workspaceId }, ct);
        await audit.RecordAsync(caller, AuditActions.WorkerGroupMemberAdded, Target(group) with { Name = $"{group.Name} + {worker.Name}" }, ct);
        return (worker, await store.GroupsOfWorkerAsync(worker.Id, ct));
    }

    public async Task<(Worker Worker, IReadOnlyList<WorkerGroup> Groups)> RemoveMemberAsync(Caller caller, string workspaceId, string groupId,
        string workerId, CancellationToken ct)
    {
        var group = await GetGroupAsync(workspaceId, groupId, ct);
        var worker = await FindAsync(workspaceId, workerId, ct);
        if (!await store.RemoveMemberAsync(group.Id, worker.Id, ct))
        {
            throw new HangarException(ErrorKind.NotFound, "not_a_member", "The worker is not a member of this worker group.");
        }

        await audit.RecordAsync(caller, AuditActions.WorkerGroupMemberRemoved, Target(group) with { Name = $"{group.Name} - {worker.Name}" }, ct);
        return (worker, await store.GroupsOfWorkerAsync(worker.Id, ct));
    }

    public WorkerState StateOf(Worker worker, bool busy)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (worker.LastSeenAt is not { } seen || time.GetUtcNow() - seen > options.OfflineAfter)
        {
            return WorkerState.Offline;
        }

        return busy ? WorkerState.Busy : WorkerState.Idle;
    }

    public static HangarException GroupNotFound() => new(ErrorKind.NotFound, "worker_group_not_found", "The worker group was not found.");

    private async Task<Worker> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await store.FindWorkerAsync(workspaceId, id, ct) : null)
        ?? throw new HangarException(ErrorKind.NotFound, "worker_not_found", "The worker was not found.");

    private static AuditTarget Target(Worker worker) => new("worker", worker.Id, worker.Name, worker.WorkspaceId);

    private static AuditTarget Target(WorkerGroup group) => new("worker_group", group.Id, group.Name, group.WorkspaceId);
}
