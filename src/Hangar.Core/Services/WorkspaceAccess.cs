using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Resolves what a caller may do in a workspace. A caller with no access gets "not found", the same answer as
/// for a workspace that does not exist, so ids of other tenants cannot be probed.
/// </summary>
public sealed class WorkspaceAccess(IWorkspaceStore workspaces, IAccountStore accounts)
{
    public async Task<WorkspaceGrant> ResolveAsync(Caller caller, string workspaceId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        switch (caller.Kind)
        {
            case CallerKind.ApiKey or CallerKind.ProcessSecret or CallerKind.RunToken:
                // A key (process secret, run token) is bound to one workspace: decided from the credential alone, before any lookup.
                return caller.WorkspaceId == workspaceId
                    ? new WorkspaceGrant(workspaceId, caller.GrantedPermissions!, IsAdmin: false)
                    : throw HangarException.NotFound("The workspace");
            case CallerKind.System:
                return new WorkspaceGrant(workspaceId, Permissions.AllNames, IsAdmin: true);
        }

        if (caller.WorkspaceId is not null && caller.WorkspaceId != workspaceId)
        {
            throw HangarException.NotFound("The workspace");
        }

        var userId = caller.UserId ?? throw HangarException.NotFound("The workspace");
        var member = await workspaces.FindMemberAsync(workspaceId, userId, ct);
        WorkspaceGrant? grant = null;
        if (member is not null)
        {
            grant = new WorkspaceGrant(workspaceId, RolePermissions.For(member.Role), member.Role == WorkspaceRole.Admin);
        }

        if (grant is not { IsAdmin: true })
        {
            // Organization owners administer every workspace of their organization.
            var workspace = await workspaces.FindAsync(workspaceId, ct);
            if (workspace is not null
                && await accounts.FindOrganizationMemberAsync(workspace.OrganizationId, userId, ct) is { Role: OrganizationRole.Owner })
            {
                grant = new WorkspaceGrant(workspaceId, RolePermissions.For(WorkspaceRole.Admin), IsAdmin: true);
            }
        }

        if (grant is null)
        {
            throw HangarException.NotFound("The workspace");
        }

        if (caller.GrantedPermissions is { } limit)
        {
            // Vended tokens act for their user but never beyond the capability they were issued for.
            grant = grant with { Permissions = grant.Permissions.Where(limit.Contains).ToHashSet(StringComparer.Ordinal), IsAdmin = false };
        }

        return grant;
    }
}
