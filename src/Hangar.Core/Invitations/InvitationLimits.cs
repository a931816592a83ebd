namespace Hangar.Core.Invitations;

/// <summary>Bounds of invitations: how long one stays open, and how many one organization may have open at once.</summary>
public static class InvitationLimits
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Pending invitations per organization; more is a conflict until some are accepted, declined or revoked.</summary>
    public const int MaxPendingPerOrganization = 500;
}
