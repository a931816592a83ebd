using Hangar.Core.Domain;

namespace Hangar.Core.Invitations;

/// <summary>
/// An owner's offer to an existing user to join their organization with a role. It stays pending until the user
/// accepts it (they become a member), declines it, an owner revokes it, or it expires; each of those removes it, and
/// the audit log keeps what happened.
/// </summary>
public sealed class OrganizationInvitation
{
    public required string Id { get; init; }
    public required string OrganizationId { get; init; }
    public required string UserId { get; init; }
    public OrganizationRole Role { get; init; }

    /// <summary>Who invited: the user's id and name as they were then.</summary>
    public required string InvitedById { get; init; }

    public required string InvitedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    public Organization? Organization { get; init; }
    public User? User { get; init; }
}
