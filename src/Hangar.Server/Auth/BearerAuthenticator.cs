using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: tokens vended to access credentials (<c>hgt_</c>) and robots' run tokens
/// (<c>hgr_</c>) and workers' credentials (<c>hgw_</c>). A workspace API key sent this way is refused with a code that says how to send it.
/// </summary>
public sealed class BearerAuthenticator(AccessCredentialService credentials, RunTokens runTokens, IRunStore runs, LinkTokenService workers) : ICredentialAuthenticator
{
    public bool AcceptsScheme(string scheme) => string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public async Task<CredentialOutcome> AuthenticateAsync(HttpContext context, string credential, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ApiKeyService.LooksLikeKey(credential))
        {
            return CredentialOutcome.Refused("api_key_sent_as_bearer",
                "This is a workspace API key: send it as 'Authorization: RC-WSKEY <key>', not as a Bearer token.");
        }

        if (credential.StartsWith(VendedTokens.Prefix, StringComparison.Ordinal))
        {
            var check = await credentials.AuthenticateTokenAsync(credential, context.ClientAddress(), ct);
            return check.Caller is { } caller ? CredentialOutcome.Success(caller) : CredentialOutcome.Refused(check.FailureCode!, check.FailureMessage!);
        }

        if (credential.StartsWith(RunTokens.Prefix, StringComparison.Ordinal))
        {
            return await AuthenticateRunTokenAsync(context, credential, ct);
        }

        if (credential.StartsWith(LinkTokenService.CredentialPrefix, StringComparison.Ordinal))
        {
            return await workers.AuthenticateAsync(credential, context.ClientAddress(), ct) is { } worker
                ? CredentialOutcome.Success(worker)
                : CredentialOutcome.Refused("invalid_worker_credential", "The worker credential is not valid (the worker may have been removed).");
        }

        return CredentialOutcome.Refused("invalid_token", "The Bearer token is not valid.");
    }

    /// <summary>
    /// A run token is good while its signature holds, it has not expired, and its step run is still in progress (one
    /// read): a robot that outlives its step run, or a token that leaked from it, stops working when the step run ends.
    /// </summary>
    private async Task<CredentialOutcome> AuthenticateRunTokenAsync(HttpContext context, string credential, CancellationToken ct)
    {
        var claims = runTokens.Read(credential, out var expired);
        if (claims is null)
        {
            return expired
                ? CredentialOutcome.Refused("run_token_expired", "The run token has expired.")
                : CredentialOutcome.Refused("invalid_token", "The Bearer token is not valid.");
        }

        var stepRun = await runs.FindStepRunAsync(claims.WorkspaceId, claims.StepRunId, ct);
        if (stepRun is null || stepRun.State != StepRunState.InProgress || stepRun.ProcessRunId != claims.ProcessRunId)
        {
            return CredentialOutcome.Refused("run_token_expired", "The step run this run token was issued for is no longer in progress.");
        }

        return CredentialOutcome.Success(RunTokens.CallerFor(claims, context.ClientAddress(), stepRun));
    }
}
