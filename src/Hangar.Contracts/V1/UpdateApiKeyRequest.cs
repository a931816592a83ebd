using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A partial update: only the fields present in the body change; <c>"expires_at": null</c> removes the expiry.</summary>
public sealed class UpdateApiKeyRequest
{
    private DateTimeOffset? _expiresAt;

    public string? Name { get; set; }
    public List<string?>? Permissions { get; set; }

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
