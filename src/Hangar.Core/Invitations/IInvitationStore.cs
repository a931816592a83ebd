using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Invitations;

/// <summary>Pending organization invitations.</summary>
public interface IInvitationStore
{
    /// <summary>Adds an invitation; a pending one for the same organization and user is a conflict (<c>already_invited</c>).</summary>
    Task AddAsync(OrganizationInvitation invitation, CancellationToken ct);

    /// <summary>One invitation with its organization and user.</summary>
    Task<OrganizationInvitation?> FindAsync(string id, CancellationToken ct);

    Task<OrganizationInvitation?> FindForAsync(string organizationId, string userId, CancellationToken ct);

    /// <summary>The organization's invitations that have not expired at <paramref name="now"/>, in id order.</summary>
    Task<Page<OrganizationInvitation>> ListForOrganizationAsync(string organizationId, DateTimeOffset now, PageRequest page, CancellationToken ct);

    /// <summary>The user's invitations that have not expired at <paramref name="now"/>, in id order.</summary>
    Task<Page<OrganizationInvitation>> ListForUserAsync(string userId, DateTimeOffset now, PageRequest page, CancellationToken ct);

    Task<int> CountForUserAsync(string userId, DateTimeOffset now, CancellationToken ct);

    Task<int> CountForOrganizationAsync(string organizationId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Removes the invitation; false when it was gone already (accepted, declined or revoked meanwhile).</summary>
    Task<bool> DeleteAsync(OrganizationInvitation invitation, CancellationToken ct);

    /// <summary>
    /// In one transaction: removes the invitation and makes its user a member with its role. False, with nothing
    /// written, when the invitation was gone already; a user who is a member already keeps their role.
    /// </summary>
    Task<bool> AcceptAsync(OrganizationInvitation invitation, DateTimeOffset now, CancellationToken ct);

    /// <summary>Removes invitations that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
