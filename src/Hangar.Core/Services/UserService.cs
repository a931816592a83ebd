using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// User accounts. Organization owners create, list, disable and reset the passwords of the users in their
/// organizations; everyone may change their own password.
/// </summary>
public sealed class UserService(IAccountStore accounts, ISessionStore sessions, AuditLog audit, TimeProvider time)
{
    public async Task<User> GetAsync(string userId, CancellationToken ct) =>
        await accounts.FindUserAsync(userId, ct) ?? throw HangarException.NotFound("The user");

    public async Task<User> CreateAsync(Caller caller, string? username, string? password, string? displayName,
        string? organizationId, CancellationToken ct)
    {
        var name = Validate.Username(username);
        var secret = Validate.Password(password);
        var display = displayName is null ? null : Validate.Name(displayName, "display_name");
        var orgId = await ResolveOwnedOrganizationAsync(caller, organizationId, ct);
        var now = time.GetUtcNow();
        var user = new User
        {
            Id = Ids.New(),
            Username = name,
            DisplayName = display,
            PasswordHash = PasswordHashing.Hash(secret),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await accounts.AddUserAsync(user, new OrganizationMember
        {
            OrganizationId = orgId,
            UserId = user.Id,
            Role = OrganizationRole.Member,
            CreatedAt = now,
        }, ct);
        await audit.RecordAsync(caller, AuditActions.UserCreated, new AuditTarget("user", user.Id, user.Username, OrganizationId: orgId), ct);
        return user;
    }

    public async Task<Page<User>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        var owned = await OwnedOrganizationIdsAsync(caller, ct);
        if (owned.Count == 0)
        {
            throw HangarException.Forbidden("not_organization_owner", "Only organization owners can list users.");
        }

        return await accounts.ListUsersAsync(owned, page, ct);
    }

    public async Task<User> SetDisabledAsync(Caller caller, string userId, bool disabled, CancellationToken ct)
    {
        var user = await GetManagedAsync(caller, userId, ct);
        if (disabled && user.Id == caller.UserId)
        {
            throw HangarException.Conflict("cannot_disable_self", "You cannot disable your own account.");
        }

        user.IsDisabled = disabled;
        user.UpdatedAt = time.GetUtcNow();
        await accounts.SaveUserAsync(user, ct);
        if (disabled)
        {
            await sessions.DeleteForUserAsync(user.Id, ct);
        }

        await audit.RecordAsync(caller, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled,
            new AuditTarget("user", user.Id, user.Username), ct);
        return user;
    }

    public async Task ChangeOwnPasswordAsync(Caller caller, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        var user = await GetAsync(caller.UserId ?? throw HangarException.Forbidden("user_required", "Only a signed-in user has a password."), ct);
        if (!PasswordHashing.Verify(user.PasswordHash, currentPassword ?? string.Empty))
        {
            throw HangarException.Forbidden("invalid_credentials", "The current password is incorrect.");
        }

        await SetPasswordCoreAsync(caller, user, newPassword, ct);
    }

    /// <summary>An owner (or <c>hangar admin</c>) sets another user's password; the user's sessions end.</summary>
    public async Task SetPasswordAsync(Caller caller, string userId, string? newPassword, CancellationToken ct)
    {
        var user = await GetManagedAsync(caller, userId, ct);
        await SetPasswordCoreAsync(caller, user, newPassword, ct);
    }

    private async Task SetPasswordCoreAsync(Caller caller, User user, string? newPassword, CancellationToken ct)
    {
        user.PasswordHash = PasswordHashing.Hash(Validate.Password(newPassword, "new_password"));
        user.UpdatedAt = time.GetUtcNow();
        await accounts.SaveUserAsync(user, ct);
        await sessions.DeleteForUserAsync(user.Id, ct);
        await audit.RecordAsync(caller, AuditActions.PasswordChanged, new AuditTarget("user", user.Id, user.Username), ct);
    }

    /// <summary>A user the caller may manage: in one of the caller's owned organizations (any user for the system).</summary>
    public async Task<User> GetManagedAsync(Caller caller, string userId, CancellationToken ct)
    {
        var user = await accounts.FindUserAsync(userId, ct) ?? throw HangarException.NotFound("The user");
        if (caller.Kind == CallerKind.System)
        {
            return user;
        }

        var owned = await OwnedOrganizationIdsAsync(caller, ct);
        var theirs = await accounts.ListMembershipsOfUserAsync(user.Id, ct);
        if (!theirs.Any(m => owned.Contains(m.OrganizationId)))
        {
            throw owned.Count == 0
                ? HangarException.Forbidden("not_organization_owner", "Only organization owners can manage users.")
                : HangarException.NotFound("The user");
        }

        return user;
    }

    private async Task<string> ResolveOwnedOrganizationAsync(Caller caller, string? organizationId, CancellationToken ct)
    {
        var owned = await OwnedOrganizationIdsAsync(caller, ct);
        if (organizationId is null)
        {
            return owned.Count > 0
                ? owned.Min(StringComparer.Ordinal)!
                : throw HangarException.Forbidden("not_organization_owner", "Only organization owners can create users.");
        }

        return owned.Contains(organizationId)
            ? organizationId
            : throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can add users to it.");
    }

    /// <summary>Whether the caller owns an organization, and so manages users (the UI shows its Users page then).</summary>
    public async Task<bool> ManagesUsersAsync(Caller caller, CancellationToken ct) => (await OwnedOrganizationIdsAsync(caller, ct)).Count > 0;

    private async Task<IReadOnlyCollection<string>> OwnedOrganizationIdsAsync(Caller caller, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.User || caller.UserId is null)
        {
            return [];
        }

        var memberships = await accounts.ListMembershipsOfUserAsync(caller.UserId, ct);
        return memberships.Where(m => m.Role == OrganizationRole.Owner).Select(m => m.OrganizationId).ToHashSet(StringComparer.Ordinal);
    }
}
