using System.Globalization;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.RequestReplay;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Users' access credentials for tools (rcc and the like): created and listed in the profile, used to sign
/// token requests (<c>robocloud-hmac</c>), and traded for short-lived Bearer tokens limited to a capability set.
/// </summary>
public sealed class AccessCredentialService(IAccessCredentialStore store, IAccountStore accounts, WorkspaceAccess access,
    VendedTokens tokens, IUsedRequestSignatureStore usedSignatures, MasterKey masterKey, AuditLog audit, TimeProvider time)
{
    public const string IdentifierPrefix = "hgc_";

    public async Task<(AccessCredential Credential, string Value)> CreateAsync(Caller caller, string? name, CancellationToken ct)
    {
        var userId = RequireUser(caller);
        var validName = Validate.Name(name);
        var id = Ids.New();
        var identifier = SecretTokens.New(IdentifierPrefix, 20);
        var secret = SecretTokens.New(string.Empty, 40);
        var credential = new AccessCredential
        {
            Id = id,
            UserId = userId,
            Name = validName,
            Identifier = identifier,
            EncryptedSecret = masterKey.EncryptString(secret, Context(id)),
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddAsync(credential, ct);
        await audit.RecordAsync(caller, "access_credential.created", new AuditTarget("access_credential", id, validName), ct);
        return (credential, $"{identifier}:{secret}");
    }

    public Task<Page<AccessCredential>> ListAsync(Caller caller, PageRequest page, CancellationToken ct) =>
        store.ListAsync(RequireUser(caller), page, ct);

    /// <summary>One of the caller's own credentials (never its secret); another user's is "not found".</summary>
    public async Task<AccessCredential> GetAsync(Caller caller, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await store.FindAsync(RequireUser(caller), id, ct) : null)
        ?? throw HangarException.NotFound("The access credential");

    public async Task DeleteAsync(Caller caller, string id, CancellationToken ct)
    {
        var credential = await GetAsync(caller, id, ct);

        await store.DeleteAsync(credential, ct);
        await audit.RecordAsync(caller, "access_credential.deleted", new AuditTarget("access_credential", id, credential.Name), ct);
    }

    /// <summary>
    /// Checks a request signed with an access credential (<c>authorization: robocloud-hmac &lt;identifier&gt; &lt;signature&gt;</c>).
    /// A signature is accepted once: within its timestamp's window a replay of the same request is refused, on any node.
    /// </summary>
    public async Task<CredentialCheck> AuthenticateSignedAsync(string identifier, string signature, string method, string path,
        string? timestamp, ReadOnlyMemory<byte> body, string? clientAddress, CancellationToken ct)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > RequestSignature.MaxClockSkew.TotalSeconds)
        {
            return CredentialCheck.Refused("invalid_timestamp",
                $"'{RequestSignature.TimestampHeader}' must be the current Unix time in seconds (within 5 minutes).");
        }

        var credential = identifier.StartsWith(IdentifierPrefix, StringComparison.Ordinal) && identifier.Length <= 64
            ? await store.FindByIdentifierAsync(identifier, ct)
            : null;
        var secret = credential is null ? null : masterKey.DecryptString(credential.EncryptedSecret, Context(credential.Id));
        if (credential is null || !RequestSignature.Verify(secret!, method, path, timestamp!, body.Span, signature))
        {
            return CredentialCheck.Refused("invalid_signature", "The access credential or the request signature is not valid.");
        }

        var user = await accounts.FindUserAsync(credential.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return CredentialCheck.Refused("invalid_signature", "The access credential or the request signature is not valid.");
        }

        // Recorded only once the signature is known to be good, so made-up signatures cannot fill the table.
        var used = new UsedRequestSignature
        {
            Id = SecretHashing.Sha256Hex($"{credential.Identifier}\n{signature}"),
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(seconds) + RequestSignature.MaxClockSkew,
        };
        if (!await usedSignatures.TryUseAsync(used, ct))
        {
            return CredentialCheck.Refused("signature_replayed",
                "This signed request was already received once: sign every request anew, with the current timestamp.");
        }

        credential.LastUsedAt = time.GetUtcNow();
        credential.LastUsedIp = ClientText.Clip(clientAddress);
        await store.SaveAsync(credential, ct);
        return CredentialCheck.Accepted(new Caller
        {
            Kind = CallerKind.AccessCredential,
            Id = credential.Id,
            Name = user.Username,
            UserId = user.Id,
            ClientAddress = clientAddress,
        });
    }

    /// <summary>
    /// Vends a Bearer token for <paramref name="capabilitySet"/>, for one workspace the user can open or for the
    /// user alone. The token carries the capability's permissions and never more than the user holds.
    /// </summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueTokenAsync(Caller caller, string? workspaceId, string? capabilitySet,
        int? expiresInSeconds, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.AccessCredential || caller.UserId is null)
        {
            throw HangarException.Forbidden("credential_not_allowed", "Token requests are signed with an access credential.");
        }

        if (!Capabilities.TryGetPermissions(capabilitySet, out _))
        {
            throw HangarException.Invalid("invalid_capability",
                $"'capabilitySet' must be one of: {string.Join(", ", Capabilities.Names.Order(StringComparer.Ordinal))}.");
        }

        var lifetime = expiresInSeconds is null ? VendedTokens.DefaultLifetime : TimeSpan.FromSeconds(expiresInSeconds.Value);
        if (lifetime < TimeSpan.FromSeconds(30) || lifetime > VendedTokens.MaxLifetime)
        {
            throw HangarException.Invalid("invalid_expiry", $"'expiresIn' must be from 30 to {(int)VendedTokens.MaxLifetime.TotalSeconds} seconds.");
        }

        if (workspaceId is not null)
        {
            // The user must be able to open the workspace; a stranger's workspace is "not found".
            await access.ResolveAsync(new Caller { Kind = CallerKind.User, Id = caller.UserId, Name = caller.Name, UserId = caller.UserId }, workspaceId, ct);
        }

        return tokens.Issue(caller.UserId, caller.Id, workspaceId, capabilitySet!, lifetime);
    }

    /// <summary>Checks a vended Bearer token; the credential it came from must still exist and its user be enabled.</summary>
    public async Task<CredentialCheck> AuthenticateTokenAsync(string token, string? clientAddress, CancellationToken ct)
    {
        var claims = tokens.Read(token);
        if (claims is null || !Capabilities.TryGetPermissions(claims.Capability, out var permissions))
        {
            return CredentialCheck.Refused("invalid_token", "The token is not valid or has expired.");
        }

        var credential = await store.FindAsync(claims.UserId, claims.CredentialId, ct);
        var user = credential is null ? null : await accounts.FindUserAsync(claims.UserId, ct);
        if (user is null || user.IsDisabled)
        {
            return CredentialCheck.Refused("invalid_token", "The token's access credential was deleted, or its user disabled.");
        }

        return CredentialCheck.Accepted(new Caller
        {
            Kind = CallerKind.UserToken,
            Id = claims.CredentialId,
            Name = user.Username,
            UserId = user.Id,
            WorkspaceId = claims.WorkspaceId,
            GrantedPermissions = permissions,
            Capability = claims.Capability,
            ClientAddress = clientAddress,
        });
    }

    /// <summary>Deletes the credential a signed request came from (rcc's "forget my credential").</summary>
    public async Task DeleteSigningCredentialAsync(Caller caller, CancellationToken ct)
    {
        if (caller.Kind != CallerKind.AccessCredential || caller.UserId is null)
        {
            throw HangarException.Forbidden("credential_not_allowed", "Only a signed request can delete its own credential.");
        }

        await DeleteAsync(caller with { Kind = CallerKind.User }, caller.Id, ct);
    }

    private static string RequireUser(Caller caller) =>
        caller.Kind == CallerKind.User && caller.UserId is not null
            ? caller.UserId
            : throw HangarException.Forbidden("user_required", "Access credentials are managed by signed-in users.");

    private static string Context(string id) => $"access_credential:{id}";
}
