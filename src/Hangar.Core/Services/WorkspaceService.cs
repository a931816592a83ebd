using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Workspaces and their members. Route-level permissions are checked before these methods run.</summary>
public sealed class WorkspaceService(IWorkspaceStore workspaces, IAccountStore accounts, WorkspaceAccess access,
    AuditLog audit, TimeProvider time)
{
    public async Task<Workspace> GetAsync(string workspaceId, CancellationToken ct) =>
        await workspaces.FindAsync(workspaceId, ct) ?? throw HangarException.NotFound("The workspace");

    /// <summary>Workspaces the caller can open: a key sees its own; a user those they belong to or own.</summary>
    public async Task<Page<Workspace>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        if (caller.Kind == CallerKind.ApiKey)
        {
            var own = caller.WorkspaceId is null || page.After is not null ? null : await workspaces.FindAsync(caller.WorkspaceId, ct);
            return new Page<Workspace>(own is null ? [] : [own], false);
        }

        var userId = caller.UserId ?? throw HangarException.Forbidden("user_required", "Only users can list workspaces.");
        var owned = (await accounts.ListMembershipsOfUserAsync(userId, ct))
            .Where(m => m.Role == OrganizationRole.Owner).Select(m => m.OrganizationId).ToList();
        return await workspaces.ListVisibleToUserAsync(userId, owned, page, ct);
    }

    /// <summary>Owners create workspaces in their organization and become its first admin.</summary>
    public async Task<Workspace> CreateAsync(Caller caller, string? name, string? organizationId, CancellationToken ct)
    {
        var userId = caller.Kind == CallerKind.User ? caller.UserId! : throw HangarException.Forbidden("user_required", "Only users can create workspaces.");
        var validName = Validate.Name(name);
        var owned = (await accounts.ListMembershipsOfUserAsync(userId, ct))
            .Where(m => m.Role == OrganizationRole.Owner).Select(m => m.OrganizationId).ToList();
        if (owned.Count == 0)
        {
            throw HangarException.Forbidden("not_organization_owner", "Only organization owners can create workspaces.");
        }

        var orgId = organizationId ?? (owned.Count == 1 ? owned[0] : null)
            ?? throw HangarException.Invalid("missing_field", "'organization.id' is required: you own more than one organization, or none.");
        if (!owned.Contains(orgId))
        {
            throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can create workspaces in it.");
        }

        var now = time.GetUtcNow();
        var workspace = new Workspace { Id = Ids.New(), OrganizationId = orgId, Name = validName, CreatedAt = now };
        await workspaces.AddAsync(workspace,
            new WorkspaceMember { WorkspaceId = workspace.Id, UserId = userId, Role = WorkspaceRole.Admin, CreatedAt = now }, ct);
        await audit.RecordAsync(caller, AuditActions.WorkspaceCreated,
            new AuditTarget("workspace", workspace.Id, workspace.Name, workspace.Id, orgId), ct);
        return await GetAsync(workspace.Id, ct);
    }

    public async Task<Workspace> RenameAsync(Caller caller, string workspaceId, string? name, CancellationToken ct)
    {
        await RequireAdminAsync(caller, workspaceId, ct);
        var workspace = await GetAsync(workspaceId, ct);
        workspace.Name = Validate.Name(name);
        await workspaces.SaveAsync(workspace, ct);
        await audit.RecordAsync(caller, AuditActions.WorkspaceRenamed,
            new AuditTarget("workspace", workspace.Id, workspace.Name, workspace.Id, workspace.OrganizationId), ct);
        return workspace;
    }

    /// <summary>Only an owner of the organization may delete a workspace, with everything in it.</summary>
    public async Task DeleteAsync(Caller caller, string workspaceId, CancellationToken ct)
    {
        await access.ResolveAsync(caller, workspaceId, ct);
        var workspace = await GetAsync(workspaceId, ct);
        var owner = caller.UserId is null ? null : await accounts.FindOrganizationMemberAsync(workspace.OrganizationId, caller.UserId, ct);
        if (caller.Kind != CallerKind.User || owner is not { Role: OrganizationRole.Owner })
        {
            throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can delete a workspace.");
        }

        await workspaces.DeleteAsync(workspace, ct);
        await audit.RecordAsync(caller, AuditActions.WorkspaceDeleted,
            new AuditTarget("workspace", workspace.Id, workspace.Name, OrganizationId: workspace.OrganizationId), ct);
    }

    public Task<Page<WorkspaceMember>> ListMembersAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        workspaces.ListMembersAsync(workspaceId, page, ct);

    public async Task<WorkspaceMember> GetMemberAsync(string workspaceId, string userId, CancellationToken ct) =>
        await workspaces.FindMemberAsync(workspaceId, userId, ct) ?? throw HangarException.NotFound("The member");

    /// <summary>
    /// Adds a user of the workspace's organization with a role, or changes the role they have. The caller must hold every
    /// permission of the role given and of the role taken away (<paramref name="grant"/>): nobody hands out, or takes
    /// from someone, more than they hold themselves.
    /// </summary>
    public async Task<WorkspaceMember> SetMemberRoleAsync(Caller caller, WorkspaceGrant grant, string userId, WorkspaceRole role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var workspaceId = grant.WorkspaceId;
        RequireHoldsRole(grant, role, "give");
        var workspace = await GetAsync(workspaceId, ct);
        var user = await accounts.FindUserAsync(userId, ct);
        if (user is null || await accounts.FindOrganizationMemberAsync(workspace.OrganizationId, userId, ct) is null)
        {
            throw HangarException.NotFound("The user");
        }

        var member = await workspaces.FindMemberAsync(workspaceId, userId, ct);
        if (member is not null)
        {
            RequireHoldsRole(grant, member.Role, "change");
        }

        if (member is { Role: WorkspaceRole.Admin } && role != WorkspaceRole.Admin && await workspaces.CountAdminsAsync(workspaceId, ct) <= 1)
        {
            throw HangarException.Conflict("last_admin", "A workspace must keep at least one admin.");
        }

        member ??= new WorkspaceMember { WorkspaceId = workspaceId, UserId = userId, CreatedAt = time.GetUtcNow() };
        member.Role = role;
        await workspaces.UpsertMemberAsync(member, ct);
        await audit.RecordAsync(caller, AuditActions.MemberRoleChanged,
            new AuditTarget("user", user.Id, $"{user.Username}: {role.ToString().ToLowerInvariant()}", workspaceId, workspace.OrganizationId), ct);
        return (await workspaces.FindMemberAsync(workspaceId, userId, ct))!;
    }

    /// <summary>
    /// The same as <see cref="SetMemberRoleAsync"/> for a user named by their username (the UI's "add a member"):
    /// a name unknown in the workspace's organization is "not found", as an unknown id is.
    /// </summary>
    public async Task<WorkspaceMember> SetMemberRoleByUsernameAsync(Caller caller, WorkspaceGrant grant, string? username, WorkspaceRole role,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            throw HangarException.Invalid("missing_field", "'username' is required.");
        }

        var user = username.Length > 64 ? null : await accounts.FindUserByUsernameAsync(username.Trim().ToLowerInvariant(), ct);
        return await SetMemberRoleAsync(caller, grant, user?.Id ?? throw HangarException.NotFound("The user"), role, ct);
    }

    /// <summary>Removes a member; the caller must hold every permission of the member's role.</summary>
    public async Task RemoveMemberAsync(Caller caller, WorkspaceGrant grant, string userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var workspaceId = grant.WorkspaceId;
        var member = await workspaces.FindMemberAsync(workspaceId, userId, ct) ?? throw HangarException.NotFound("The member");
        RequireHoldsRole(grant, member.Role, "remove");
        if (member.Role == WorkspaceRole.Admin && await workspaces.CountAdminsAsync(workspaceId, ct) <= 1)
        {
            throw HangarException.Conflict("last_admin", "A workspace must keep at least one admin.");
        }

        await workspaces.RemoveMemberAsync(member, ct);
        await audit.RecordAsync(caller, AuditActions.MemberRemoved, new AuditTarget("user", userId, member.User?.Username, workspaceId), ct);
    }

    /// <summary>Refuses unless <paramref name="grant"/> holds every permission of <paramref name="role"/>.</summary>
    private static void RequireHoldsRole(WorkspaceGrant grant, WorkspaceRole role, string verb)
    {
        var held = RolePermissions.For(role);
        var missing = Permissions.All.Select(p => p.Name).FirstOrDefault(p => held.Contains(p) && !grant.Has(p));
        if (missing is not null)
        {
            var name = role.ToString().ToLowerInvariant();
            throw HangarException.Forbidden("permission_not_held", verb == "give"
                ? $"You cannot give the role '{name}': it holds '{missing}', which you do not hold yourself."
                : $"You cannot {verb} a member with the role '{name}': it holds '{missing}', which you do not hold yourself.");
        }
    }

    private async Task RequireAdminAsync(Caller caller, string workspaceId, CancellationToken ct)
    {
        var grant = await access.ResolveAsync(caller, workspaceId, ct);
        if (!grant.IsAdmin)
        {
            throw HangarException.Forbidden("workspace_admin_required", "Only workspace admins can do this.");
        }
    }
}
