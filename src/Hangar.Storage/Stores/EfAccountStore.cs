using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfAccountStore(HangarDbContext db) : IAccountStore
{
    public Task<bool> AnyOrganizationAsync(CancellationToken ct) => db.Organizations.AnyAsync(ct);

    public async Task BootstrapAsync(Organization organization, Workspace workspace, User admin, CancellationToken ct)
    {
        db.Organizations.Add(organization);
        db.Workspaces.Add(workspace);
        db.Users.Add(admin);
        db.OrganizationMembers.Add(new OrganizationMember
        {
            OrganizationId = organization.Id, UserId = admin.Id, Role = OrganizationRole.Owner, CreatedAt = admin.CreatedAt,
        });
        db.WorkspaceMembers.Add(new WorkspaceMember
        {
            WorkspaceId = workspace.Id, UserId = admin.Id, Role = WorkspaceRole.Admin, CreatedAt = admin.CreatedAt,
        });
        await db.SaveChangesAsync(ct);
    }

    public Task<User?> FindUserAsync(string id, CancellationToken ct) => db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);

    public Task<User?> FindUserByUsernameAsync(string username, CancellationToken ct) =>
        db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);

    public async Task AddUserAsync(User user, OrganizationMember membership, CancellationToken ct)
    {
        db.Users.Add(user);
        db.OrganizationMembers.Add(membership);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("username_taken", $"A user named '{user.Username}' already exists."), ct);
    }

    public Task SaveUserAsync(User user, CancellationToken ct) => db.SaveChangesAsync(ct);

    public Task<Page<User>> ListUsersAsync(IReadOnlyCollection<string>? organizationIds, PageRequest page, CancellationToken ct)
    {
        if (organizationIds is null)
        {
            return db.Users.ToKeysetPageAsync(u => u.Id, page, ct);
        }

        var ids = organizationIds.ToList();
        var query = db.Users.Where(u => db.OrganizationMembers.Any(m => m.UserId == u.Id && ids.Contains(m.OrganizationId)));
        return query.ToKeysetPageAsync(u => u.Id, page, ct);
    }

    public Task<Organization?> FindOrganizationAsync(string id, CancellationToken ct) =>
        db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct);

    public async Task<IReadOnlyList<OrganizationMember>> ListMembershipsOfUserAsync(string userId, CancellationToken ct) =>
        await db.OrganizationMembers.AsNoTracking().Where(m => m.UserId == userId).ToListAsync(ct);

    public Task<Page<Organization>> ListOrganizationsAsync(IReadOnlyCollection<string> ids, PageRequest page, CancellationToken ct)
    {
        var list = ids.ToList();
        var query = db.Organizations.AsNoTracking().Where(o => list.Contains(o.Id));
        return query.ToKeysetPageAsync(o => o.Id, page, ct);
    }

    public async Task AddOrganizationAsync(Organization organization, OrganizationMember owner, CancellationToken ct)
    {
        db.Organizations.Add(organization);
        db.OrganizationMembers.Add(owner);
        await db.SaveChangesAsync(ct);
    }

    public Task SaveOrganizationAsync(Organization organization, CancellationToken ct) => db.SaveChangesAsync(ct);

    public Task<OrganizationMember?> FindOrganizationMemberAsync(string organizationId, string userId, CancellationToken ct) =>
        db.OrganizationMembers.FirstOrDefaultAsync(m => m.OrganizationId == organizationId && m.UserId == userId, ct);

    public Task<Page<OrganizationMember>> ListOrganizationMembersAsync(string organizationId, PageRequest page, CancellationToken ct)
    {
        var query = db.OrganizationMembers.AsNoTracking().Where(m => m.OrganizationId == organizationId);
        return query.ToKeysetPageAsync(m => m.UserId, page, ct);
    }

    public async Task UpsertOrganizationMemberAsync(OrganizationMember member, CancellationToken ct)
    {
        if (db.Entry(member).State == EntityState.Detached)
        {
            db.OrganizationMembers.Add(member);
        }

        await db.SaveChangesAsync(ct);
    }

    public Task<int> CountOwnersAsync(string organizationId, CancellationToken ct) =>
        db.OrganizationMembers.CountAsync(m => m.OrganizationId == organizationId && m.Role == OrganizationRole.Owner, ct);
}
