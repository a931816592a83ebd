using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

/// <summary>Users, organizations and organization membership.</summary>
public interface IAccountStore
{
    Task<bool> AnyOrganizationAsync(CancellationToken ct);

    /// <summary>Creates the first organization, workspace and admin user in one transaction.</summary>
    Task BootstrapAsync(Organization organization, Workspace workspace, User admin, CancellationToken ct);

    Task<User?> FindUserAsync(string id, CancellationToken ct);

    Task<User?> FindUserByUsernameAsync(string username, CancellationToken ct);

    /// <summary>Adds a user as a member of an organization; fails with a conflict when the name is taken.</summary>
    Task AddUserAsync(User user, OrganizationMember membership, CancellationToken ct);

    /// <summary>Saves changes made to a user loaded from this store.</summary>
    Task SaveUserAsync(User user, CancellationToken ct);

    /// <summary>Users who belong to any of <paramref name="organizationIds"/> (every user when null), in id order.</summary>
    Task<Page<User>> ListUsersAsync(IReadOnlyCollection<string>? organizationIds, PageRequest page, CancellationToken ct);

    Task<Organization?> FindOrganizationAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<OrganizationMember>> ListMembershipsOfUserAsync(string userId, CancellationToken ct);

    Task<Page<Organization>> ListOrganizationsAsync(IReadOnlyCollection<string> ids, PageRequest page, CancellationToken ct);

    Task AddOrganizationAsync(Organization organization, OrganizationMember owner, CancellationToken ct);

    Task SaveOrganizationAsync(Organization organization, CancellationToken ct);

    Task<OrganizationMember?> FindOrganizationMemberAsync(string organizationId, string userId, CancellationToken ct);

    Task<Page<OrganizationMember>> ListOrganizationMembersAsync(string organizationId, PageRequest page, CancellationToken ct);

    Task UpsertOrganizationMemberAsync(OrganizationMember member, CancellationToken ct);

    Task<int> CountOwnersAsync(string organizationId, CancellationToken ct);
}
