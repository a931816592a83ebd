using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>Workspaces and workspace membership.</summary>
public interface IWorkspaceStore
{
    /// <summary>The workspace with its organization loaded.</summary>
    Task<Workspace?> FindAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<Workspace>> FindByNameAsync(string name, CancellationToken ct);

    /// <summary>Workspaces the user is a member of, or that belong to an organization they own.</summary>
    Task<Page<Workspace>> ListVisibleToUserAsync(string userId, IReadOnlyCollection<string> ownedOrganizationIds,
        PageRequest page, CancellationToken ct);

    /// <summary>Adds the workspace and its first admin; a conflict when the organization has one of that name.</summary>
    Task AddAsync(Workspace workspace, WorkspaceMember firstAdmin, CancellationToken ct);

    Task SaveAsync(Workspace workspace, CancellationToken ct);

    /// <summary>Deletes the workspace and everything in it.</summary>
    Task DeleteAsync(Workspace workspace, CancellationToken ct);

    Task<WorkspaceMember?> FindMemberAsync(string workspaceId, string userId, CancellationToken ct);

    /// <summary>Members with their users loaded, in user id order.</summary>
    Task<Page<WorkspaceMember>> ListMembersAsync(string workspaceId, PageRequest page, CancellationToken ct);

    Task UpsertMemberAsync(WorkspaceMember member, CancellationToken ct);

    Task RemoveMemberAsync(WorkspaceMember member, CancellationToken ct);

    Task<int> CountAdminsAsync(string workspaceId, CancellationToken ct);
}
