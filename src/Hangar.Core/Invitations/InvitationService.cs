using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Core.Invitations;

/// <summary>
/// Joining an organization by consent: its owners (or an instance administrator) invite an existing user, who accepts
/// or declines when signed in. Until then the user is not a member, and owners can revoke the invitation. Every step is
/// audited. Accepting makes the user a member; whether the owners then manage the account still follows
/// <see cref="AccountAuthority"/> (only when the user belongs to their organizations alone).
/// </summary>
public sealed class InvitationService(IInvitationStore store, IAccountStore accounts, OrganizationService organizations, AuditLog audit,
    TimeProvider time)
{
    /// <summary>Invites the user named by <paramref name="userId"/> or, when that is null, by <paramref name="username"/>.</summary>
    public async Task<OrganizationInvitation> CreateAsync(Caller caller, string organizationId, string? userId, string? username,
        OrganizationRole role, CancellationToken ct)
    {
        await organizations.RequireAdministratorAsync(caller, organizationId, ct);
        var user = await FindInviteeAsync(userId, username, ct);
        if (await accounts.FindOrganizationMemberAsync(organizationId, user.Id, ct) is not null)
        {
            throw HangarException.Conflict("already_member", $"“{user.Username}” is a member of the organization already.");
        }

        var now = time.GetUtcNow();
        if (await store.FindForAsync(organizationId, user.Id, ct) is { } existing)
        {
            if (existing.ExpiresAt > now)
            {
                throw HangarException.Conflict("already_invited", $"“{user.Username}” has a pending invitation already; revoke it to invite them again.");
            }

            await store.DeleteAsync(existing, ct);
        }

        if (await store.CountForOrganizationAsync(organizationId, now, ct) >= InvitationLimits.MaxPendingPerOrganization)
        {
            throw HangarException.Conflict("too_many_invitations",
                $"The organization has {InvitationLimits.MaxPendingPerOrganization} pending invitations; revoke some first.");
        }

        var invitation = new OrganizationInvitation
        {
            Id = Ids.New(),
            OrganizationId = organizationId,
            UserId = user.Id,
            Role = role,
            InvitedById = caller.UserId!,
            InvitedByName = caller.Name,
            CreatedAt = now,
            ExpiresAt = now + InvitationLimits.Lifetime,
        };
        await store.AddAsync(invitation, ct);
        await audit.RecordAsync(caller, AuditActions.InvitationCreated, Target(invitation, user.Username), ct);
        return await store.FindAsync(invitation.Id, ct) ?? invitation;
    }

    /// <summary>The organization's pending invitations, for its owners.</summary>
    public async Task<Page<OrganizationInvitation>> ListForOrganizationAsync(Caller caller, string organizationId, PageRequest page, CancellationToken ct)
    {
        await organizations.RequireAdministratorAsync(caller, organizationId, ct);
        return await store.ListForOrganizationAsync(organizationId, time.GetUtcNow(), page, ct);
    }

    /// <summary>An owner takes back a pending invitation; the user can no longer accept it.</summary>
    public async Task RevokeAsync(Caller caller, string organizationId, string invitationId, CancellationToken ct)
    {
        await organizations.RequireAdministratorAsync(caller, organizationId, ct);
        var invitation = await FindAsync(invitationId, ct);
        if (invitation?.OrganizationId != organizationId || !await store.DeleteAsync(invitation, ct))
        {
            throw NotFound();
        }

        await audit.RecordAsync(caller, AuditActions.InvitationRevoked, Target(invitation, invitation.User?.Username), ct);
    }

    /// <summary>The signed-in user's pending invitations.</summary>
    public Task<Page<OrganizationInvitation>> ListMineAsync(Caller caller, PageRequest page, CancellationToken ct) =>
        store.ListForUserAsync(RequireUser(caller), time.GetUtcNow(), page, ct);

    /// <summary>How many pending invitations the signed-in user has (the UI's notice in the top bar).</summary>
    public Task<int> CountMineAsync(Caller caller, CancellationToken ct) => store.CountForUserAsync(RequireUser(caller), time.GetUtcNow(), ct);

    /// <summary>The invited user joins the organization with the invitation's role.</summary>
    public async Task<OrganizationMember> AcceptAsync(Caller caller, string invitationId, CancellationToken ct)
    {
        var invitation = await FindMineAsync(caller, invitationId, ct);
        var now = time.GetUtcNow();
        if (invitation.ExpiresAt <= now)
        {
            throw HangarException.Conflict("invitation_expired", "The invitation has expired; ask an owner of the organization for a new one.");
        }

        if (!await store.AcceptAsync(invitation, now, ct))
        {
            throw NotFound();
        }

        await audit.RecordAsync(caller, AuditActions.InvitationAccepted, Target(invitation, invitation.User?.Username), ct);
        return await accounts.FindOrganizationMemberAsync(invitation.OrganizationId, invitation.UserId, ct) ?? throw NotFound();
    }

    /// <summary>The invited user says no; the invitation is gone and they do not join.</summary>
    public async Task DeclineAsync(Caller caller, string invitationId, CancellationToken ct)
    {
        var invitation = await FindMineAsync(caller, invitationId, ct);
        if (!await store.DeleteAsync(invitation, ct))
        {
            throw NotFound();
        }

        await audit.RecordAsync(caller, AuditActions.InvitationDeclined, Target(invitation, invitation.User?.Username), ct);
    }

    private async Task<OrganizationInvitation> FindMineAsync(Caller caller, string invitationId, CancellationToken ct)
    {
        var userId = RequireUser(caller);
        var invitation = await FindAsync(invitationId, ct);
        return invitation?.UserId == userId ? invitation : throw NotFound();
    }

    private async Task<OrganizationInvitation?> FindAsync(string invitationId, CancellationToken ct) =>
        Ids.IsWellFormed(invitationId) ? await store.FindAsync(invitationId, ct) : null;

    private async Task<User> FindInviteeAsync(string? userId, string? username, CancellationToken ct)
    {
        if (userId is not null)
        {
            return (Ids.IsWellFormed(userId) ? await accounts.FindUserAsync(userId, ct) : null) ?? throw HangarException.NotFound("The user");
        }

        if (string.IsNullOrWhiteSpace(username))
        {
            throw HangarException.Invalid("missing_field", "'username' (or 'user.id') is required.");
        }

        var name = username.Trim();
        return (name.Length > 64 ? null : await accounts.FindUserByUsernameAsync(name.ToLowerInvariant(), ct))
               ?? throw HangarException.NotFound("The user");
    }

    private static string RequireUser(Caller caller) =>
        caller is { Kind: CallerKind.User, UserId: { } id } ? id : throw HangarException.Forbidden("user_required", "Invitations are for signed-in users only.");

    private static HangarException NotFound() => new(ErrorKind.NotFound, "invitation_not_found", "The invitation was not found.");

    private static AuditTarget Target(OrganizationInvitation invitation, string? username) =>
        new("user", invitation.UserId, $"{username ?? invitation.UserId}: {invitation.Role.ToString().ToLowerInvariant()}",
            OrganizationId: invitation.OrganizationId);
}
