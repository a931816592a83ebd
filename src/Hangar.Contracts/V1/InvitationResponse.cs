namespace Hangar.Contracts.V1;

/// <summary>A pending invitation to join an organization with a role.</summary>
public sealed record InvitationResponse(string Id, NamedRef Organization, UserRef User, string Role, ActorResponse InvitedBy,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
