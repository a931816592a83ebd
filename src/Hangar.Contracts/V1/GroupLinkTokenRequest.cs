namespace Hangar.Contracts.V1;

/// <summary>A group link token's name and expiry (null: it never expires). A PUT replaces both.</summary>
public sealed record GroupLinkTokenRequest(string? Name, DateTimeOffset? ExpiresAt);
