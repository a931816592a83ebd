using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Passwords;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// User accounts. Organization owners create users in their organizations and see the users of their organizations;
/// they reset, disable and enable only the accounts they manage (see <see cref="AccountAuthority"/>). Instance
/// administrators do all of it for every account. Everyone may change their own password.
/// </summary>
public sealed class UserService(IAccountStore accounts, ISessionStore sessions, AccountAuthority authority, AuditLog audit, TimeProvider time)
{
    public async Task<User> GetAsync(string userId, CancellationToken ct) =>
        await accounts.FindUserAsync(userId, ct) ?? throw HangarException.NotFound("The user");

    public async Task<User> CreateAsync(Caller caller, string? username, string? password, string? displayName,
        string? organizationId, CancellationToken ct)
    {
        var name = Validate.Username(username);
        var secret = PasswordPolicy.Check(password, name);
        var display = displayName is null ? null : Validate.Name(displayName, "display_name");
        var orgId = await ResolveOrganizationForNewUserAsync(await authority.ResolveAsync(caller, ct), organizationId, ct);
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

    /// <summary>Users of the organizations the caller owns; every user for an instance administrator.</summary>
    public async Task<Page<User>> ListAsync(Caller caller, PageRequest page, CancellationToken ct)
    {
        var actor = await authority.ResolveAsync(caller, ct);
        if (actor.IsInstanceAdmin)
        {
            return await accounts.ListUsersAsync(null, page, ct);
        }

        if (actor.OwnedOrganizationIds.Count == 0)
        {
            throw HangarException.Forbidden("not_organization_owner", "Only organization owners can list users.");
        }

        return await accounts.ListUsersAsync(actor.OwnedOrganizationIds, page, ct);
    }

    /// <summary>Of <paramref name="users"/>, the ids of those the caller manages (the UI offers their actions only).</summary>
    public async Task<IReadOnlySet<string>> ManagedAmongAsync(Caller caller, IEnumerable<User> users, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(users);
        var actor = await authority.ResolveAsync(caller, ct);
        var managed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (await authority.ManagesAsync(actor, user, ct))
            {
                managed.Add(user.Id);
            }
        }

        return managed;
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

    /// <summary>
    /// Sets the time zone the UI shows the signed-in user's days and times in; null or empty goes back to the
    /// browser's. 400 <c>invalid_timezone</c> for anything but an IANA id this machine knows. (A display preference:
    /// not written to the audit log.)
    /// </summary>
    public async Task<User> SetOwnTimeZoneAsync(Caller caller, string? timeZone, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var user = await GetAsync(caller.UserId ?? throw HangarException.Forbidden("user_required", "Only a signed-in user has a time zone."), ct);
        user.TimeZone = string.IsNullOrWhiteSpace(timeZone) ? null : Validate.TimeZone(timeZone, "time_zone").Id;
        user.UpdatedAt = time.GetUtcNow();
        await accounts.SaveUserAsync(user, ct);
        return user;
    }

    /// <summary>A manager of the account (or <c>hangar admin</c>) sets another user's password; the user's sessions end.</summary>
    public async Task SetPasswordAsync(Caller caller, string userId, string? newPassword, CancellationToken ct)
    {
        var user = await GetManagedAsync(caller, userId, ct);
        await SetPasswordCoreAsync(caller, user, newPassword, ct);
    }

    /// <summary>Makes or unmakes an instance administrator: for <c>hangar admin</c> on the server's machine only.</summary>
    public async Task<User> SetInstanceAdminAsync(Caller caller, string userId, bool instanceAdmin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind != CallerKind.System)
        {
            throw HangarException.Forbidden("instance_admin_required", "Instance administrators are made with 'hangar admin instance-admin' only.");
        }

        var user = await GetAsync(userId, ct);
        user.IsInstanceAdmin = instanceAdmin;
        user.UpdatedAt = time.GetUtcNow();
        await accounts.SaveUserAsync(user, ct);
        await audit.RecordAsync(caller, instanceAdmin ? AuditActions.InstanceAdminGranted : AuditActions.InstanceAdminRevoked,
            new AuditTarget("user", user.Id, user.Username), ct);
        return user;
    }

    private async Task SetPasswordCoreAsync(Caller caller, User user, string? newPassword, CancellationToken ct)
    {
        user.PasswordHash = PasswordHashing.Hash(PasswordPolicy.Check(newPassword, user.Username, "new_password"));
        user.UpdatedAt = time.GetUtcNow();
        await accounts.SaveUserAsync(user, ct);
        await sessions.DeleteForUserAsync(user.Id, ct);
        await audit.RecordAsync(caller, AuditActions.PasswordChanged, new AuditTarget("user", user.Id, user.Username), ct);
    }

    /// <summary>
    /// A user the caller may see: one of an organization the caller owns (any user for an instance administrator).
    /// Anyone else is "not found", so ids of other organizations' users cannot be probed.
    /// </summary>
    public async Task<User> GetVisibleAsync(Caller caller, string userId, CancellationToken ct) =>
        await GetVisibleAsync(await authority.ResolveAsync(caller, ct), userId, ct);

    /// <summary>A user whose account the caller manages (see <see cref="AccountAuthority"/>).</summary>
    public async Task<User> GetManagedAsync(Caller caller, string userId, CancellationToken ct)
    {
        var actor = await authority.ResolveAsync(caller, ct);
        var user = await GetVisibleAsync(actor, userId, ct);
        if (!await authority.ManagesAsync(actor, user, ct))
        {
            throw HangarException.Forbidden("user_not_managed", user.IsInstanceAdmin
                ? $"“{user.Username}” is an instance administrator: only an instance administrator can change their account."
                : $"“{user.Username}” also belongs to organizations you do not own: only an instance administrator can change their account.");
        }

        return user;
    }

    private async Task<User> GetVisibleAsync(AccountActor actor, string userId, CancellationToken ct)
    {
        var user = await accounts.FindUserAsync(userId, ct);
        if (user is not null && await authority.SeesAsync(actor, user, ct))
        {
            return user;
        }

        throw actor.ManagesUsers
            ? HangarException.NotFound("The user")
            : HangarException.Forbidden("not_organization_owner", "Only organization owners can manage users.");
    }

    /// <summary>Whether the caller owns an organization or is an instance administrator (the UI then links its Users page).</summary>
    public async Task<bool> ManagesUsersAsync(Caller caller, CancellationToken ct) => (await authority.ResolveAsync(caller, ct)).ManagesUsers;

    private async Task<string> ResolveOrganizationForNewUserAsync(AccountActor actor, string? organizationId, CancellationToken ct)
    {
        if (organizationId is null)
        {
            return actor.OwnedOrganizationIds.Count > 0
                ? actor.OwnedOrganizationIds.Min(StringComparer.Ordinal)!
                : throw (actor.IsInstanceAdmin
                    ? HangarException.Invalid("missing_field", "'organization.id' is required: you own no organization.")
                    : HangarException.Forbidden("not_organization_owner", "Only organization owners can create users."));
        }

        if (actor.IsInstanceAdmin)
        {
            // An instance administrator creates users in any organization; one that does not exist is "not found".
            return Ids.IsWellFormed(organizationId) && await accounts.FindOrganizationAsync(organizationId, ct) is not null
                ? organizationId
                : throw HangarException.NotFound("The organization");
        }

        return actor.OwnedOrganizationIds.Contains(organizationId)
            ? organizationId
            : throw HangarException.Forbidden("not_organization_owner", "Only owners of the organization can add users to it.");
    }
}
