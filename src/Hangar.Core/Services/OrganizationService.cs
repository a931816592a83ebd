using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Organizations and their owner/member roles. Only users belong to organizations; keys never see them. Owners (and
/// instance administrators, for every organization) change members and roles; a user who is not a member yet is added
/// directly only when the caller manages their account (<see cref="AccountAuthority"/>), otherwise only by accepting an
/// invitation (<see cref="Invitations.InvitationService"/>).
/// </summary>
public sealed class OrganizationService(IAccountStore accounts, AccountAuthority authority, AuditLog audit, TimeProvider time)
{
    public async Task<Page<Organization>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        var memberships = await accounts.ListMembershipsOfUserAsync(RequireUser(caller), ct);
        return await accounts.ListOrganizationsAsync(memberships.Select(m => m.OrganizationId).ToList(), page, ct);
    }

    public async Task<Organization> GetAsync(Caller caller, string organizationId, CancellationToken ct)
    {
        await RequireMemberAsync(caller, organizationId, ct);
        return await accounts.FindOrganizationAsync(organizationId, ct) ?? throw HangarException.NotFound("The organization");
    }

    /// <summary>Any owner of an organization (or instance administrator) may create another one, and owns the new one.</summary>
    public async Task<Organization> CreateAsync(Caller caller, string? name, CancellationToken ct)
    {
        var userId = RequireUser(caller);
        if (!(await authority.ResolveAsync(caller, ct)).ManagesUsers)
        {
            throw HangarException.Forbidden("not_organization_owner", "Only organization owners can create organizations.");
        }

        var now = time.GetUtcNow();
        var organization = new Organization { Id = Ids.New(), Name = Validate.Name(name), CreatedAt = now };
        await accounts.AddOrganizationAsync(organization,
            new OrganizationMember { OrganizationId = organization.Id, UserId = userId, Role = OrganizationRole.Owner, CreatedAt = now }, ct);
        await audit.RecordAsync(caller, AuditActions.OrganizationCreated,
            new AuditTarget("organization", organization.Id, organization.Name, OrganizationId: organization.Id), ct);
        return organization;
    }

    public async Task<Organization> RenameAsync(Caller caller, string organizationId, string? name, CancellationToken ct)
    {
        await RequireAdministratorAsync(caller, organizationId, ct);
        var organization = await accounts.FindOrganizationAsync(organizationId, ct) ?? throw HangarException.NotFound("The organization");
        organization.Name = Validate.Name(name);
        await accounts.SaveOrganizationAsync(organization, ct);
        await audit.RecordAsync(caller, AuditActions.OrganizationRenamed,
            new AuditTarget("organization", organization.Id, organization.Name, OrganizationId: organization.Id), ct);
        return organization;
    }

    public async Task<Page<OrganizationMember>> ListMembersAsync(Caller caller, string organizationId, PageRequest page, CancellationToken ct)
    {
        await RequireMemberAsync(caller, organizationId, ct);
        return await accounts.ListOrganizationMembersAsync(organizationId, page, ct);
    }

    /// <summary>
    /// Sets a member's role, or adds a user who is not a member yet. Adding is direct only for a user whose account the
    /// caller manages; anyone else must accept an invitation (403 <c>invitation_required</c>). A role is never more than
    /// the caller holds: owners (and instance administrators) hold every organization role.
    /// </summary>
    public async Task<OrganizationMember> SetMemberRoleAsync(Caller caller, string organizationId, string userId,
        OrganizationRole role, CancellationToken ct)
    {
        var actor = await RequireAdministratorAsync(caller, organizationId, ct);
        var user = await accounts.FindUserAsync(userId, ct) ?? throw HangarException.NotFound("The user");
        var member = await accounts.FindOrganizationMemberAsync(organizationId, userId, ct);
        if (member is null)
        {
            if (!await authority.ManagesAsync(actor, user, ct))
            {
                throw HangarException.Forbidden("invitation_required",
                    $"“{user.Username}” belongs to organizations you do not own: invite them (POST /api/v1/organizations/{organizationId}/invitations) and they join when they accept.");
            }

            member = new OrganizationMember { OrganizationId = organizationId, UserId = userId, CreatedAt = time.GetUtcNow() };
        }
        else if (member.Role == OrganizationRole.Owner && role != OrganizationRole.Owner && await accounts.CountOwnersAsync(organizationId, ct) <= 1)
        {
            throw HangarException.Conflict("last_owner", "An organization must keep at least one owner.");
        }

        member.Role = role;
        await accounts.UpsertOrganizationMemberAsync(member, ct);
        await audit.RecordAsync(caller, AuditActions.OrganizationRoleChanged,
            new AuditTarget("user", user.Id, $"{user.Username}: {role.ToString().ToLowerInvariant()}", OrganizationId: organizationId), ct);
        return member;
    }

    /// <summary>Owners of the organization, and instance administrators for every organization; anyone else is refused.</summary>
    public async Task<AccountActor> RequireAdministratorAsync(Caller caller, string organizationId, CancellationToken ct)
    {
        RequireUser(caller);
        var actor = await authority.ResolveAsync(caller, ct);
        if (actor.Administers(organizationId))
        {
            return actor.IsInstanceAdmin && await accounts.FindOrganizationAsync(organizationId, ct) is null
                ? throw HangarException.NotFound("The organization")
                : actor;
        }

        await RequireMemberAsync(caller, organizationId, ct);
        throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can do this.");
    }

    /// <summary>Members see their organization; instance administrators see every one. Anyone else gets "not found".</summary>
    private async Task RequireMemberAsync(Caller caller, string organizationId, CancellationToken ct)
    {
        var userId = RequireUser(caller);
        if (await accounts.FindOrganizationMemberAsync(organizationId, userId, ct) is not null)
        {
            return;
        }

        if (!(await authority.ResolveAsync(caller, ct)).IsInstanceAdmin || await accounts.FindOrganizationAsync(organizationId, ct) is null)
        {
            throw HangarException.NotFound("The organization");
        }
    }

    private static string RequireUser(Caller caller) =>
        caller.Kind == CallerKind.User && caller.UserId is not null
            ? caller.UserId
            : throw HangarException.Forbidden("user_required", "Organizations are managed by signed-in users only.");
}
