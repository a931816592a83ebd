namespace Hangar.Core.Domain;

/// <summary>
/// A signed-in browser or API session. The cookie carries a random token; only its SHA-256 is stored,
/// so a copy of the database does not let anyone sign in, and logout or disabling a user ends it at once.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; init; }
    public required string TokenHash { get; init; }
    public required string UserId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? ClientAddress { get; init; }
}
