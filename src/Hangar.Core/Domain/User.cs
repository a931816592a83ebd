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

    /// <summary>
    /// An instance administrator manages every account and adds any user to any organization directly. The first
    /// start's <c>admin</c> is one; only <c>hangar admin instance-admin</c> (offline, on the server's machine) makes or
    /// unmakes one, so nobody can lift themselves to it over the API.
    /// </summary>
    public bool IsInstanceAdmin { get; set; }
    /// <summary>
    /// The IANA time zone the UI shows the user's days and times in (the dashboard's days run midnight to midnight
    /// there); null follows the browser's zone.
    /// </summary>
    public string? TimeZone { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
