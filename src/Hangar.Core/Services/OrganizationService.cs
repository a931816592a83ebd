using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Organizations and their owner/member roles. Only users belong to organizations; keys never see them.</summary>
public sealed class OrganizationService(IAccountStore accounts, AuditLog audit, TimeProvider time)
{
    public async Task<Page<Organization>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        var memberships = await accounts.ListMembershipsOfUserAsync(RequireUser(caller), ct);
        return await accounts.ListOrganizationsAsync(memberships.Select(m => m.OrganizationId).ToList(), page, ct);
    }

    public async Task<Organization> GetAsync(Caller caller, string organizationId, CancellationToken ct)
    {
        _ = await RequireMemberAsync(caller, organizationId, ct);
        return await accounts.FindOrganizationAsync(organizationId, ct) ?? throw HangarException.NotFound("The organization");
    }

    /// <summary>Any owner of an organization may create another one, and owns the new one.</summary>
    public async Task<Organization> CreateAsync(Caller caller, string? name, CancellationToken ct)
    {
        var userId = RequireUser(caller);
        var memberships = await accounts.ListMembershipsOfUserAsync(userId, ct);
        if (!memberships.Any(m => m.Role == OrganizationRole.Owner))
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
        await RequireOwnerAsync(caller, organizationId, ct);
        var organization = await accounts.FindOrganizationAsync(organizationId, ct) ?? throw HangarException.NotFound("The organization");
        organization.Name = Validate.Name(name);
        await accounts.SaveOrganizationAsync(organization, ct);
        await audit.RecordAsync(caller, AuditActions.OrganizationRenamed,
            new AuditTarget("organization", organization.Id, organization.Name, OrganizationId: organization.Id), ct);
        return organization;
    }

    public async Task<Page<OrganizationMember>> ListMembersAsync(Caller caller, string organizationId, PageRequest page, CancellationToken ct)
    {
        _ = await RequireMemberAsync(caller, organizationId, ct);
        return await accounts.ListOrganizationMembersAsync(organizationId, page, ct);
    }

    /// <summary>Sets a user's role in the organization, adding them when they are not a member yet.</summary>
    public async Task<OrganizationMember> SetMemberRoleAsync(Caller caller, string organizationId, string userId,
        OrganizationRole role, CancellationToken ct)
    {
        await RequireOwnerAsync(caller, organizationId, ct);
        var user = await accounts.FindUserAsync(userId, ct) ?? throw HangarException.NotFound("The user");
        var member = await accounts.FindOrganizationMemberAsync(organizationId, userId, ct)
                     ?? new OrganizationMember { OrganizationId = organizationId, UserId = userId, CreatedAt = time.GetUtcNow() };
        if (member.Role == OrganizationRole.Owner && role != OrganizationRole.Owner
            && await accounts.CountOwnersAsync(organizationId, ct) <= 1)
        {
            throw HangarException.Conflict("last_owner", "An organization must keep at least one owner.");
        }

        member.Role = role;
        await accounts.UpsertOrganizationMemberAsync(member, ct);
        await audit.RecordAsync(caller, AuditActions.OrganizationRoleChanged,
            new AuditTarget("user", user.Id, $"{user.Username}: {role.ToString().ToLowerInvariant()}", OrganizationId: organizationId), ct);
        return member;
    }

    private async Task<OrganizationMember> RequireMemberAsync(Caller caller, string organizationId, CancellationToken ct) =>
        await accounts.FindOrganizationMemberAsync(organizationId, RequireUser(caller), ct)
        ?? throw HangarException.NotFound("The organization");

    private async Task RequireOwnerAsync(Caller caller, string organizationId, CancellationToken ct)
    {
        var member = await RequireMemberAsync(caller, organizationId, ct);
        if (member.Role != OrganizationRole.Owner)
        {
            throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can do this.");
        }
    }

    private static string RequireUser(Caller caller) =>
        caller.Kind == CallerKind.User && caller.UserId is not null
            ? caller.UserId
            : throw HangarException.Forbidden("user_required", "Organizations are managed by signed-in users only.");
}
