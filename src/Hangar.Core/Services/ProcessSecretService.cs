using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// The deprecated process-specific secret: generate (or rotate, which is generating again), revoke, and check the
/// <c>robocloud-process-secret</c> header of the legacy start-run route. New integrations should use API keys.
/// </summary>
public sealed class ProcessSecretService(IProcessSecretStore store, AuditLog audit, TimeProvider time)
{
    public const string HeaderName = "robocloud-process-secret";
    public const string Prefix = "hgp_";

    /// <summary>Creates the process's secret, replacing any earlier one; the value is returned only here.</summary>
    public async Task<string> GenerateAsync(Caller caller, string workspaceId, string processId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var value = SecretTokens.New(Prefix, 40);
        var existing = await store.FindAsync(workspaceId, processId, ct);
        var secret = existing ?? new ProcessSecret { ProcessId = processId, WorkspaceId = workspaceId, SecretHash = string.Empty };
        secret.SecretHash = SecretHashing.Sha256Hex(value);
        secret.CreatedAt = time.GetUtcNow();
        secret.CreatedByName = caller.Name;
        secret.LastUsedAt = null;
        await store.UpsertAsync(secret, ct);
        await audit.RecordAsync(caller, existing is null ? "process_secret.generated" : "process_secret.rotated",
            new AuditTarget("process", processId, null, workspaceId), ct);
        return value;
    }

    /// <summary>The process's secret (its hash and dates, never the value), or null when it has none.</summary>
    public Task<ProcessSecret?> FindAsync(string workspaceId, string processId, CancellationToken ct) => store.FindAsync(workspaceId, processId, ct);

    public async Task RevokeAsync(Caller caller, string workspaceId, string processId, CancellationToken ct)
    {
        if (!await store.DeleteAsync(workspaceId, processId, ct))
        {
            throw HangarException.NotFound("The process API secret");
        }

        await audit.RecordAsync(caller, "process_secret.revoked", new AuditTarget("process", processId, null, workspaceId), ct);
    }

    /// <summary>Checks a presented secret against the process's; the caller it yields can only start that process.</summary>
    public async Task<CredentialCheck> AuthenticateAsync(string workspaceId, string processId, string value, string? clientAddress, CancellationToken ct)
    {
        var secret = Ids.IsWellFormed(workspaceId) && Ids.IsWellFormed(processId) && value.Length <= 128
            ? await store.FindAsync(workspaceId, processId, ct)
            : null;
        if (secret is null || !SecretHashing.FixedTimeEquals(secret.SecretHash, SecretHashing.Sha256Hex(value)))
        {
            return CredentialCheck.Refused("invalid_process_secret", "The process secret is not valid for this process.");
        }

        secret.LastUsedAt = time.GetUtcNow();
        await store.UpsertAsync(secret, ct);
        return CredentialCheck.Accepted(new Caller
        {
            Kind = CallerKind.ProcessSecret,
            Id = processId,
            Name = "process API secret",
            WorkspaceId = workspaceId,
            GrantedPermissions = new HashSet<string>(StringComparer.Ordinal) { Permissions.TriggerProcesses },
            ClientAddress = clientAddress,
        });
    }
}
