using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>
/// A group link token's name and expiry (null: it never expires). A PUT changes only the fields present, as Robocorp's
/// "setting only the values defined in the request body": a body with a name alone keeps the expiry.
/// </summary>
public sealed class GroupLinkTokenRequest
{
    private DateTimeOffset? _expiresAt;

    public string? Name { get; set; }

    public DateTimeOffset? ExpiresAt
    {
        get => _expiresAt;
        set
        {
            _expiresAt = value;
            ExpiresAtGiven = true;
        }
    }

    [JsonIgnore]
    public bool ExpiresAtGiven { get; private set; }
}
