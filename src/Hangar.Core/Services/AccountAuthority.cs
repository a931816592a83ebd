using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// The one rule of who manages whose account. An instance administrator (and <c>hangar admin</c>) manages every
/// account. An organization owner manages only the accounts that belong to their organizations alone: every
/// organization the user is a member of is owned by the caller. No owner manages an instance administrator. So adding
/// a user to one's organization can never hand an owner someone else's account: a user who belongs elsewhere joins only
/// by accepting an invitation, and then still is not managed by that owner.
/// </summary>
public sealed class AccountAuthority(IAccountStore accounts)
{
    public async Task<AccountActor> ResolveAsync(Caller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Kind == CallerKind.System)
        {
            return new AccountActor(null, true, new HashSet<string>(StringComparer.Ordinal));
        }

        if (caller.Kind != CallerKind.User || caller.UserId is null)
        {
            return new AccountActor(caller.UserId, false, new HashSet<string>(StringComparer.Ordinal));
        }

        // Read from the database on every decision, so that unmaking an instance administrator takes effect at once.
        var user = await accounts.FindUserAsync(caller.UserId, ct);
        var owned = (await accounts.ListMembershipsOfUserAsync(caller.UserId, ct))
            .Where(m => m.Role == OrganizationRole.Owner).Select(m => m.OrganizationId).ToHashSet(StringComparer.Ordinal);
        return new AccountActor(caller.UserId, user is { IsInstanceAdmin: true, IsDisabled: false }, owned);
    }

    /// <summary>Whether <paramref name="actor"/> may reset, disable or enable <paramref name="user"/>'s account, or add them to an organization directly.</summary>
    public async Task<bool> ManagesAsync(AccountActor actor, User user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(user);
        if (actor.IsInstanceAdmin)
        {
            return true;
        }

        if (user.IsInstanceAdmin || actor.OwnedOrganizationIds.Count == 0)
        {
            return false;
        }

        var theirs = await accounts.ListMembershipsOfUserAsync(user.Id, ct);
        return BelongsOnlyTo(theirs, actor.OwnedOrganizationIds);
    }

    /// <summary>Whether the user shares an organization with the actor that the actor owns (they may see the account).</summary>
    public async Task<bool> SeesAsync(AccountActor actor, User user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(user);
        if (actor.IsInstanceAdmin || user.Id == actor.UserId)
        {
            return true;
        }

        var theirs = await accounts.ListMembershipsOfUserAsync(user.Id, ct);
        return theirs.Any(m => actor.OwnedOrganizationIds.Contains(m.OrganizationId));
    }

    /// <summary>
    /// Every membership is in an owned organization, and there is at least one (a user of no organization belongs to
    /// nobody's organizations alone).
    /// </summary>
    public static bool BelongsOnlyTo(IReadOnlyCollection<OrganizationMember> memberships, IReadOnlySet<string> owned)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(owned);
        return memberships.Count > 0 && memberships.All(m => owned.Contains(m.OrganizationId));
    }
}
