using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

public sealed record CreateApiKeyRequest(string? Name, List<string?>? Permissions, DateTimeOffset? ExpiresAt);

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

/// <summary>The answer to creating a key: the only one, with reveal, that carries the key's value.</summary>
public sealed record CreatedApiKeyResponse(string Id, string Name, IReadOnlyList<string> Permissions, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, string Key);

/// <summary>A key as listed: permissions and usage, never the value.</summary>
public sealed record ApiKeyResponse(
    string Id,
    string Name,
    IReadOnlyList<string> Permissions,
    string KeyPreview,
    ActorResponse CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    long UsageCount);

public sealed record RevealedApiKeyResponse(string Id, string Key);

public sealed record ActorResponse(string Type, string? Id, string? Name);
