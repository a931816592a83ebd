using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Storage;

/// <summary>
/// An upload URL works on behalf of whoever asked for it, and only while they still could: its key not deleted or
/// expired, its session not ended, its user not disabled, its access credential not deleted, its robot's step run
/// still in progress, its worker still linked. Checked when the upload arrives, before anything is written.
/// </summary>
public sealed class UploadGrantorCheck(IApiKeyStore keys, ISessionStore sessions, IAccessCredentialStore credentials, IAccountStore accounts,
    IRunStore runs, IWorkerStore workers, TimeProvider time)
{
    public const string Code = "upload_url_revoked";

    /// <summary>Returns when the grantor is still valid; 403 <see cref="Code"/> otherwise.</summary>
    public async Task RequireValidAsync(UploadGrant grant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var refusal = grant.ActorKind switch
        {
            CallerKind.ApiKey => await CheckKeyAsync(grant, ct),
            CallerKind.User => await CheckSessionAsync(grant, ct),
            CallerKind.UserToken or CallerKind.AccessCredential => await CheckCredentialAsync(grant, ct),
            CallerKind.RunToken => await runs.FindStepRunAsync(grant.WorkspaceId, grant.ActorId, ct) is { State: StepRunState.InProgress }
                ? null
                : "the robot's step run that asked for it has ended",
            CallerKind.Worker => await workers.FindWorkerAsync(grant.WorkspaceId, grant.ActorId, ct) is null ? "the worker that asked for it was removed" : null,
            CallerKind.System => null,
            _ => "it was not issued to a credential that may upload",
        };
        if (refusal is not null)
        {
            throw HangarException.Forbidden(Code, $"This upload URL no longer works: {refusal}. Ask for a new URL with a valid credential.");
        }
    }

    private async Task<string?> CheckKeyAsync(UploadGrant grant, CancellationToken ct)
    {
        var key = await keys.FindAsync(grant.WorkspaceId, grant.ActorId, ct);
        if (key is null)
        {
            return "the API key that asked for it was deleted";
        }

        return key.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? "the API key that asked for it has expired" : null;
    }

    private async Task<string?> CheckSessionAsync(UploadGrant grant, CancellationToken ct)
    {
        if (await UserRefusalAsync(grant.ActorId, ct) is { } refusal)
        {
            return refusal;
        }

        if (grant.ActorSessionId is null)
        {
            return null;
        }

        var session = await sessions.FindByIdAsync(grant.ActorSessionId, ct);
        return session is null || session.ExpiresAt <= time.GetUtcNow() ? "the session that asked for it has ended" : null;
    }

    private async Task<string?> CheckCredentialAsync(UploadGrant grant, CancellationToken ct)
    {
        if (grant.ActorUserId is null || await credentials.FindAsync(grant.ActorUserId, grant.ActorId, ct) is null)
        {
            return "the access credential that asked for it was deleted";
        }

        return await UserRefusalAsync(grant.ActorUserId, ct);
    }

    private async Task<string?> UserRefusalAsync(string userId, CancellationToken ct) =>
        await accounts.FindUserAsync(userId, ct) is { IsDisabled: false } ? null : "the user who asked for it was disabled or removed";
}
