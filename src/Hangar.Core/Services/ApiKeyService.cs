using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Workspace API keys: their life cycle for people and keys allowed to manage them, and the check of a presented
/// <c>RC-WSKEY</c> value. Route permissions are enforced before these methods run; here the rule is that nobody
/// grants what they do not hold: creating, editing or deleting a key needs every permission of the key (before and
/// after the change), and a key never gives any key (itself included) more time than it has left.
/// </summary>
public sealed class ApiKeyService(IApiKeyStore store, ApiKeyCache cache, ApiKeyUsageTracker usage, MasterKey masterKey,
    AuditLog audit, TimeProvider time)
{
    public const string KeyPrefix = "hgk_";
    public const int KeyRandomLength = 40;

    public async Task<(ApiKey Key, string Value)> CreateAsync(Caller caller, WorkspaceGrant grant, string? name,
        IEnumerable<string?>? permissions, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grant);
        var validName = Validate.Name(name);
        var canonical = Permissions.Canonicalize(permissions);
        RequireHeld(grant, canonical);
        var now = time.GetUtcNow();
        ValidateExpiry(expiresAt, now);
        RequireWithinOwnExpiry(caller, expiresAt);

        var value = SecretTokens.New(KeyPrefix, KeyRandomLength);
        var id = Ids.New();
        var key = new ApiKey
        {
            Id = id,
            WorkspaceId = grant.WorkspaceId,
            Name = validName,
            Permissions = canonical.ToList(),
            KeyHash = SecretHashing.Sha256Hex(value),
            EncryptedKey = masterKey.EncryptString(value, EncryptionContext(id)),
            KeyPreview = value[..(KeyPrefix.Length + 4)],
            CreatedByType = caller.ActorType,
            CreatedById = caller.Id,
            CreatedByName = caller.Name,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        await store.AddAsync(key, ct);
        await audit.RecordAsync(caller, AuditActions.ApiKeyCreated, Target(key), ct);
        return (key, value);
    }

    public Task<Page<ApiKey>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        store.ListAsync(workspaceId, page, ct);

    public Task<ApiKey> GetAsync(string workspaceId, string id, CancellationToken ct) => FindAsync(workspaceId, id, ct);

    /// <summary>Changes only what is given; the change applies to the key's next request.</summary>
    public async Task<ApiKey> UpdateAsync(Caller caller, WorkspaceGrant grant, string id, string? name,
        IEnumerable<string?>? permissions, bool setExpiry, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grant);
        var key = await FindAsync(grant.WorkspaceId, id, ct);
        // Whoever changes a key must hold all it holds: a narrower key can neither downgrade nor rename a broader one.
        RequireHeld(grant, key.Permissions, "change");
        if (name is not null)
        {
            key.Name = Validate.Name(name);
        }

        if (permissions is not null)
        {
            var canonical = Permissions.Canonicalize(permissions);
            RequireHeld(grant, canonical);
            key.Permissions = canonical.ToList();
        }

        var now = time.GetUtcNow();
        if (setExpiry)
        {
            ValidateExpiry(expiresAt, now);
            RequireWithinOwnExpiry(caller, expiresAt);
            key.ExpiresAt = expiresAt?.ToUniversalTime();
        }

        key.UpdatedAt = now;
        await store.SaveAsync(key, ct);
        cache.Invalidate(key.KeyHash);
        await audit.RecordAsync(caller, AuditActions.ApiKeyUpdated, Target(key), ct);
        return key;
    }

    /// <summary>Deletes a key; the caller must hold every permission it holds.</summary>
    public async Task DeleteAsync(Caller caller, WorkspaceGrant grant, string id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var key = await FindAsync(grant.WorkspaceId, id, ct);
        RequireHeld(grant, key.Permissions, "delete");
        await store.DeleteAsync(key, ct);
        cache.Invalidate(key.KeyHash);
        await audit.RecordAsync(caller, AuditActions.ApiKeyDeleted, Target(key), ct);
    }

    /// <summary>The key's value, for the API tab's "View"; every reveal is audited.</summary>
    public async Task<string> RevealAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var key = await FindAsync(workspaceId, id, ct);
        var value = masterKey.DecryptString(key.EncryptedKey, EncryptionContext(key.Id));
        await audit.RecordAsync(caller, AuditActions.ApiKeyRevealed, Target(key), ct);
        return value;
    }

    /// <summary>Checks a presented key value; on success the use is counted (written later, in batches).</summary>
    public async Task<CredentialCheck> AuthenticateAsync(string value, string? clientAddress, CancellationToken ct)
    {
        if (!LooksLikeKey(value))
        {
            return CredentialCheck.Refused("invalid_api_key", "The API key is not valid.");
        }

        var hash = SecretHashing.Sha256Hex(value);
        if (!cache.TryGet(hash, out var key))
        {
            var found = await store.FindByHashAsync(hash, ct);
            if (found is null)
            {
                return CredentialCheck.Refused("invalid_api_key", "The API key is not valid, or it was deleted.");
            }

            cache.Set(found);
            key = found;
        }

        var now = time.GetUtcNow();
        if (key.ExpiresAt is { } expires && expires <= now)
        {
            return CredentialCheck.Refused("api_key_expired", "The API key has expired.");
        }

        usage.Record(key.Id, now, ClientText.Clip(clientAddress));
        return CredentialCheck.Accepted(new Caller
        {
            Kind = CallerKind.ApiKey,
            Id = key.Id,
            Name = key.Name,
            WorkspaceId = key.WorkspaceId,
            GrantedPermissions = key.Permissions.ToHashSet(StringComparer.Ordinal),
            ClientAddress = clientAddress,
            ExpiresAt = key.ExpiresAt,
        });
    }

    /// <summary>Whether a string has the shape of a key this server issues (used to spot keys sent the wrong way).</summary>
    public static bool LooksLikeKey(string value) =>
        value.Length == KeyPrefix.Length + KeyRandomLength
        && value.StartsWith(KeyPrefix, StringComparison.Ordinal)
        && value.AsSpan(KeyPrefix.Length).ContainsAnyExcept(SecretTokens.AlphabetValues) is false;

    private async Task<ApiKey> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        Ids.IsWellFormed(id) ? await store.FindAsync(workspaceId, id, ct) ?? throw HangarException.NotFound("The API key")
            : throw HangarException.NotFound("The API key");

    /// <summary>The key's usage as stored plus what this node counted and has not written yet.</summary>
    public ApiKeyUsage UsageOf(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stored = new ApiKeyUsage(key.Id, key.UsageCount, key.LastUsedAt ?? DateTimeOffset.MinValue, key.LastUsedIp);
        if (usage.Pending(key.Id) is not { } pending)
        {
            return stored;
        }

        return pending.LastUsedAt > stored.LastUsedAt
            ? pending with { Count = stored.Count + pending.Count }
            : stored with { Count = stored.Count + pending.Count };
    }

    private static void RequireHeld(WorkspaceGrant grant, IEnumerable<string> permissions)
    {
        var missing = permissions.FirstOrDefault(p => !grant.Has(p));
        if (missing is not null)
        {
            throw HangarException.Forbidden("permission_not_held", $"You cannot grant '{missing}': you do not hold it yourself.");
        }
    }

    /// <summary>The key being changed or deleted holds nothing the caller lacks.</summary>
    private static void RequireHeld(WorkspaceGrant grant, IEnumerable<string> held, string verb)
    {
        var missing = held.FirstOrDefault(p => !grant.Has(p));
        if (missing is not null)
        {
            throw HangarException.Forbidden("permission_not_held",
                $"You cannot {verb} this key: it holds '{missing}', which you do not hold yourself.");
        }
    }

    /// <summary>
    /// A key that expires cannot give any key, itself included, a later expiry or none at all: it would outlive its own
    /// limit through the key it made. People (and keys without an expiry) are not bound by this.
    /// </summary>
    private static void RequireWithinOwnExpiry(Caller caller, DateTimeOffset? expiresAt)
    {
        if (caller.Kind != CallerKind.ApiKey || caller.ExpiresAt is not { } own)
        {
            return;
        }

        if (expiresAt is null || expiresAt.Value > own)
        {
            throw HangarException.Forbidden("expiry_beyond_own",
                $"A key that expires cannot set a later expiry, or none: 'expires_at' must be at or before {own.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, this key's own expiry.");
        }
    }

    private static void ValidateExpiry(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is { } at && at <= now)
        {
            throw HangarException.Invalid("invalid_expiry", "'expires_at' must be in the future.");
        }
    }

    private static string EncryptionContext(string keyId) => $"api_key:{keyId}";

    private static AuditTarget Target(ApiKey key) => new("api_key", key.Id, key.Name, key.WorkspaceId);
}
