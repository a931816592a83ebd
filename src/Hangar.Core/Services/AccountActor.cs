namespace Hangar.Core.Services;

/// <summary>What a caller may do to accounts and organizations, resolved once per request by <see cref="AccountAuthority"/>.</summary>
/// <param name="UserId">The person acting, or null for <c>hangar admin</c> (the system).</param>
/// <param name="IsInstanceAdmin">The system, or a signed-in instance administrator.</param>
/// <param name="OwnedOrganizationIds">The organizations the person owns.</param>
public sealed record AccountActor(string? UserId, bool IsInstanceAdmin, IReadOnlySet<string> OwnedOrganizationIds)
{
    /// <summary>Whether the caller may change the organization's members, invitations and name.</summary>
    public bool Administers(string organizationId) => IsInstanceAdmin || OwnedOrganizationIds.Contains(organizationId);

    /// <summary>Owners and instance administrators see the Users page.</summary>
    public bool ManagesUsers => IsInstanceAdmin || OwnedOrganizationIds.Count > 0;
}
