namespace Hangar.Core.Domain;

/// <summary>A person who signs in to the UI or the API with a password.</summary>
public sealed class User
{
    public required string Id { get; init; }

    /// <summary>Login name, stored lower-case so that lookups are case-insensitive on every provider.</summary>
    public required string Username { get; init; }

    public string? DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
