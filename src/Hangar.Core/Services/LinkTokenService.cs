using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Link tokens, and linking: a worker trades a link token for its own credential. Both values are random
/// (190 bits) and stored as SHA-256 only, so a database leak gives neither.
/// Linking a worker is reading the vault: a linked worker claims runs and gets their run tokens, which read secret
/// values through <c>/secrets-v1</c>. So making or re-enabling a link token needs the right to read them (see
/// <see cref="RequireMayLink"/>).
/// </summary>
public sealed class LinkTokenService(IWorkerStore store, AuditLog audit, TimeProvider time)
{
    public const string LinkTokenPrefix = "hgl_";
    public const string CredentialPrefix = "hgw_";

    /// <summary>A workspace token without an expiry lives this long.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    /// <summary>A single-use token linking one worker to the workspace.</summary>
    public async Task<(LinkToken Token, string Value)> CreateWorkspaceTokenAsync(Caller caller, WorkspaceGrant grant, DateTimeOffset? expiresAt,
        CancellationToken ct)
    {
        RequireMayLink(caller, grant);
        var now = time.GetUtcNow();
        return await CreateAsync(caller, grant.WorkspaceId, null, null, FutureOrRefuse(expiresAt ?? now + DefaultLifetime), ct);
    }

    /// <summary>A reusable token adding each worker it links to the group; no expiry when <paramref name="expiresAt"/> is null.</summary>
    public Task<(LinkToken Token, string Value)> CreateGroupTokenAsync(Caller caller, WorkspaceGrant grant, WorkerGroup group, string? name,
        DateTimeOffset? expiresAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(group);
        RequireMayLink(caller, grant);
        return CreateAsync(caller, grant.WorkspaceId, group.Id, Validate.Name(name, "name", 200), expiresAt is null ? null : FutureOrRefuse(expiresAt.Value), ct);
    }

    public Task<Page<LinkToken>> ListGroupTokensAsync(string workspaceId, WorkerGroup group, PageRequest page, CancellationToken ct) =>
        store.ListLinkTokensAsync(workspaceId, group.Id, page, ct);

    public async Task<LinkToken> GetGroupTokenAsync(string workspaceId, WorkerGroup group, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await store.FindLinkTokenAsync(workspaceId, group.Id, id, ct) : null)
        ?? throw new HangarException(ErrorKind.NotFound, "link_token_not_found", "The link token was not found.");

    /// <summary>
    /// Renames a group token or changes its expiry. Extending or reviving a token re-enables linking with it, so this
    /// needs the same right as creating one.
    /// </summary>
    public async Task<LinkToken> UpdateGroupTokenAsync(Caller caller, WorkspaceGrant grant, WorkerGroup group, string id, string? name,
        bool setExpiry, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        RequireMayLink(caller, grant);
        var token = await GetGroupTokenAsync(grant.WorkspaceId, group, id, ct);
        if (name is not null)
        {
            token.Name = Validate.Name(name, "name", 200);
        }

        if (setExpiry)
        {
            token.ExpiresAt = expiresAt is null ? null : FutureOrRefuse(expiresAt.Value);
        }

        await store.SaveAsync(ct);
        await audit.RecordAsync(caller, AuditActions.LinkTokenUpdated, Target(token), ct);
        return token;
    }

    public async Task DeleteGroupTokenAsync(Caller caller, string workspaceId, WorkerGroup group, string id, CancellationToken ct)
    {
        var token = await GetGroupTokenAsync(workspaceId, group, id, ct);
        await store.DeleteLinkTokenAsync(token, ct);
        await audit.RecordAsync(caller, AuditActions.LinkTokenDeleted, Target(token), ct);
    }

    /// <summary>Links a new worker with <paramref name="linkToken"/>; the credential in the answer is never shown again.</summary>
    public async Task<(Worker Worker, string Credential)> LinkAsync(string? linkToken, string? name, string? clientAddress, CancellationToken ct)
    {
        var workerName = Validate.Name(name, "name", 200);
        var refused = HangarException.Unauthorized("invalid_link_token", "The link token is not valid, was used already, or has expired.");
        if (linkToken is null || !linkToken.StartsWith(LinkTokenPrefix, StringComparison.Ordinal) || linkToken.Length > 100)
        {
            throw refused;
        }

        var token = await store.FindLinkTokenByHashAsync(SecretHashing.Sha256Hex(linkToken), ct);
        var now = time.GetUtcNow();
        if (token is null || token.ExpiresAt <= now || (token.WorkerGroupId is null && token.UsedAt is not null))
        {
            throw refused;
        }

        // A workspace token links exactly one worker: the conditional update lets one of two racing links win.
        if (token.WorkerGroupId is null && !await store.UseLinkTokenAsync(token.Id, now, ct))
        {
            throw refused;
        }

        var credential = SecretTokens.New(CredentialPrefix);
        var worker = new Worker
        {
            Id = Ids.New(),
            WorkspaceId = token.WorkspaceId,
            Name = workerName,
            CredentialHash = SecretHashing.Sha256Hex(credential),
            CreatedAt = now,
        };
        IReadOnlyList<WorkerGroupMember> memberships = token.WorkerGroupId is { } groupId
            ? [new WorkerGroupMember { WorkerGroupId = groupId, WorkerId = worker.Id, WorkspaceId = worker.WorkspaceId }]
            : [];
        await store.AddWorkerAsync(worker, memberships, ct);
        var actor = new Caller { Kind = CallerKind.Worker, Id = worker.Id, Name = worker.Name, WorkspaceId = worker.WorkspaceId, ClientAddress = clientAddress };
        await audit.RecordAsync(actor, AuditActions.WorkerLinked, new AuditTarget("worker", worker.Id, worker.Name, worker.WorkspaceId), ct);
        return (worker, credential);
    }

    /// <summary>The worker a credential belongs to, or null. The lookup is by hash, so no secret is ever compared in the clear.</summary>
    public async Task<Caller?> AuthenticateAsync(string credential, string? clientAddress, CancellationToken ct)
    {
        if (!credential.StartsWith(CredentialPrefix, StringComparison.Ordinal) || credential.Length > 100)
        {
            return null;
        }

        var hash = SecretHashing.Sha256Hex(credential);
        var worker = await store.FindWorkerByCredentialHashAsync(hash, ct);
        if (worker is null || !SecretHashing.FixedTimeEquals(worker.CredentialHash, hash))
        {
            return null;
        }

        return new Caller { Kind = CallerKind.Worker, Id = worker.Id, Name = worker.Name, WorkspaceId = worker.WorkspaceId, ClientAddress = clientAddress };
    }

    /// <summary>
    /// Whether the caller may create or re-enable link tokens: a person must be a workspace admin (organization owners
    /// are admins of their workspaces); a key (or vended token) must hold both <c>Workers.write_workers</c> and
    /// <c>Vault.read_secret_values</c>, since the worker it links will read secret values anyway.
    /// </summary>
    public static bool MayLink(Caller caller, WorkspaceGrant grant)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(grant);
        return caller.Kind is CallerKind.User or CallerKind.System
            ? grant.IsAdmin
            : grant.Has(Permissions.WriteWorkers) && grant.Has(Permissions.ReadSecretValues);
    }

    private static void RequireMayLink(Caller caller, WorkspaceGrant grant)
    {
        if (!MayLink(caller, grant))
        {
            throw HangarException.Forbidden("link_needs_vault_access",
                "A linked worker reads this workspace's vault values through its runs, so only workspace admins (or API keys holding both "
                + $"'{Permissions.WriteWorkers}' and '{Permissions.ReadSecretValues}') can create or change link tokens.");
        }
    }

    private async Task<(LinkToken Token, string Value)> CreateAsync(Caller caller, string workspaceId, string? groupId, string? name,
        DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var value = SecretTokens.New(LinkTokenPrefix);
        var token = new LinkToken
        {
            Id = Ids.New(),
            WorkspaceId = workspaceId,
            WorkerGroupId = groupId,
            Name = name,
            TokenHash = SecretHashing.Sha256Hex(value),
            ExpiresAt = expiresAt,
            CreatedAt = time.GetUtcNow(),
        };
        await store.AddLinkTokenAsync(token, ct);
        await audit.RecordAsync(caller, AuditActions.LinkTokenCreated, Target(token), ct);
        return (token, value);
    }

    private DateTimeOffset FutureOrRefuse(DateTimeOffset at) =>
        at > time.GetUtcNow() ? at : throw HangarException.Invalid("invalid_expiry", "'expires_at' must be in the future.");

    private static AuditTarget Target(LinkToken token) => new("link_token", token.Id, token.Name, token.WorkspaceId);
}
