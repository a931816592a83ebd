using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>Workers, worker groups, memberships and link tokens.</summary>
public interface IWorkerStore
{
    Task AddWorkerAsync(Worker worker, IReadOnlyList<WorkerGroupMember> memberships, CancellationToken ct);

    Task<Worker?> FindWorkerAsync(string workspaceId, string id, CancellationToken ct);

    Task<Worker?> FindWorkerByCredentialHashAsync(string credentialHash, CancellationToken ct);

    Task<Page<Worker>> ListWorkersAsync(string workspaceId, PageRequest page, CancellationToken ct);

    /// <summary>Of <paramref name="workerIds"/>, those holding an in-progress step run.</summary>
    Task<IReadOnlySet<string>> BusyWorkersAsync(IReadOnlyCollection<string> workerIds, CancellationToken ct);

    Task DeleteWorkerAsync(Worker worker, CancellationToken ct);

    /// <summary>Records that the worker was heard from (one statement, no read).</summary>
    Task TouchWorkerAsync(string workerId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Marks the worker seen at <paramref name="at"/> and records how it isolates robots, in one write.</summary>
    Task TouchWorkerAsync(string workerId, DateTimeOffset at, string isolation, CancellationToken ct);

    Task AddGroupAsync(WorkerGroup group, CancellationToken ct);

    Task<WorkerGroup?> FindGroupAsync(string workspaceId, string id, CancellationToken ct);

    Task<Page<WorkerGroup>> ListGroupsAsync(string workspaceId, PageRequest page, CancellationToken ct);

    Task DeleteGroupAsync(WorkerGroup group, CancellationToken ct);

    /// <summary>Adds the membership unless it exists.</summary>
    Task AddMemberAsync(WorkerGroupMember member, CancellationToken ct);

    Task<bool> RemoveMemberAsync(string workerGroupId, string workerId, CancellationToken ct);

    Task<IReadOnlyList<WorkerGroup>> GroupsOfWorkerAsync(string workerId, CancellationToken ct);

    /// <summary>The groups of each of <paramref name="workerIds"/> (one query for a page of workers).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<WorkerGroup>>> GroupsOfWorkersAsync(IReadOnlyCollection<string> workerIds, CancellationToken ct);

    /// <summary>A page of the group's member workers, in id order.</summary>
    Task<Page<Worker>> ListGroupMembersAsync(string workspaceId, string workerGroupId, PageRequest page, CancellationToken ct);

    Task AddLinkTokenAsync(LinkToken token, CancellationToken ct);

    Task<LinkToken?> FindLinkTokenAsync(string workspaceId, string? workerGroupId, string id, CancellationToken ct);

    Task<LinkToken?> FindLinkTokenByHashAsync(string tokenHash, CancellationToken ct);

    Task<Page<LinkToken>> ListLinkTokensAsync(string workspaceId, string workerGroupId, PageRequest page, CancellationToken ct);

    /// <summary>Marks a single-use token used; false when another link used it first.</summary>
    Task<bool> UseLinkTokenAsync(string id, DateTimeOffset at, CancellationToken ct);

    Task DeleteLinkTokenAsync(LinkToken token, CancellationToken ct);

    Task SaveAsync(CancellationToken ct);
}
