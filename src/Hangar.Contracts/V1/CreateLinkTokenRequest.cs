namespace Hangar.Contracts.V1;

/// <summary>A workspace link token's expiry (one day from now when omitted).</summary>
public sealed record CreateLinkTokenRequest(DateTimeOffset? ExpiresAt);
