namespace Hangar.Contracts.V1;

/// <summary>A new single-use link token; <c>link_token</c> is shown only in this answer.</summary>
public sealed record WorkspaceLinkTokenResponse(string Id, DateTimeOffset ExpiresAt, string LinkToken);
