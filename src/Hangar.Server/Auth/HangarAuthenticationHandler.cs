using System.Security.Claims;
using System.Text.Encodings.Web;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hangar.Server.Auth;

/// <summary>
/// Authenticates each request by exactly one scheme, chosen by what it carries: an <c>Authorization</c> header
/// (<c>RC-WSKEY</c>, <c>Bearer</c>) or, without one, the session cookie. The result is a <see cref="Caller"/>
/// on the request; route filters then decide what that caller may do.
/// </summary>
public sealed class HangarAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionService sessions,
    IEnumerable<ICredentialAuthenticator> authenticators,
    AuthFailureThrottle throttle,
    AuditLog audit,
    ProcessSecretService processSecrets)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Hangar";
    public const string SessionCookie = "hangar_session";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization;
        if (header.Count > 0)
        {
            return await ThrottledAsync(() => AuthenticateHeaderAsync(header.Count == 1 ? header[0] ?? string.Empty : string.Empty));
        }

        if (Context.GetEndpoint()?.Metadata.GetMetadata<QueryTokenAllowed>() is not null
            && Request.Query.TryGetValue("token", out var queryToken) && queryToken.Count == 1)
        {
            return await ThrottledAsync(() => AuthenticateHeaderAsync($"{ApiKeyAuthenticator.Scheme} {queryToken}"));
        }

        if (Request.Headers.TryGetValue(ProcessSecretService.HeaderName, out var processSecret))
        {
            return await ThrottledAsync(() => AuthenticateProcessSecretAsync(processSecret.ToString()));
        }

        if (Request.Cookies.TryGetValue(SessionCookie, out var token) && !string.IsNullOrEmpty(token))
        {
            var user = await sessions.AuthenticateAsync(token, Context.RequestAborted);
            if (user is null)
            {
                return Fail("session_expired", "The session has ended. Log in again.");
            }

            return Succeed(new Caller
            {
                Kind = CallerKind.User,
                Id = user.Id,
                Name = user.Username,
                UserId = user.Id,
                ClientAddress = Context.ClientAddress(),
            });
        }

        return AuthenticateResult.NoResult();
    }

    /// <summary>
    /// Runs a presented credential's check unless the client address is blocked for repeated failures, and counts a
    /// failure against the address. Sessions are not counted: an old cookie is not an attack.
    /// </summary>
    private async Task<AuthenticateResult> ThrottledAsync(Func<Task<AuthenticateResult>> authenticate)
    {
        if (throttle.IsBlocked(Context.ClientAddress(), out var retryAfter))
        {
            AuthFailure.Set(Context, new AuthFailure("too_many_failed_attempts",
                $"Too many failed authentications from this address; try again in {retryAfter} s.", 429, retryAfter));
            return AuthenticateResult.Fail("throttled");
        }

        var result = await authenticate();
        if (!result.Succeeded)
        {
            await CountFailureAsync();
        }

        return result;
    }

    /// <summary>The deprecated per-process secret: valid only on its own process's routes.</summary>
    private async Task<AuthenticateResult> AuthenticateProcessSecretAsync(string value)
    {
        var check = await processSecrets.AuthenticateAsync(Request.RouteValues["workspace_id"] as string ?? string.Empty,
            Request.RouteValues["process_id"] as string ?? string.Empty, value, Context.ClientAddress(), Context.RequestAborted);
        return check.Caller is { } caller ? Succeed(caller) : Fail(check.FailureCode!, check.FailureMessage!);
    }

    private async Task<AuthenticateResult> AuthenticateHeaderAsync(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space > 0 ? value[..space] : value;
        var credential = space > 0 ? value[(space + 1)..].Trim() : string.Empty;
        if (credential.Length == 0 || credential.Length > 512)
        {
            return Fail("malformed_authorization", "The Authorization header must be '<scheme> <credential>', e.g. 'RC-WSKEY <key>'.");
        }

        foreach (var authenticator in authenticators)
        {
            if (!authenticator.AcceptsScheme(scheme))
            {
                continue;
            }

            var outcome = await authenticator.AuthenticateAsync(Context, credential, Context.RequestAborted);
            return outcome.Caller is { } caller ? Succeed(caller) : Fail(outcome.Failure!.Code, outcome.Failure.Message);
        }

        return Fail("unsupported_authorization_scheme",
            $"The Authorization scheme '{Clip(scheme)}' is not accepted here; use 'RC-WSKEY <key>'.");
    }

    /// <summary>Counts a failed credential against the client address; the failure that starts a block is audited.</summary>
    private async Task CountFailureAsync()
    {
        var address = Context.ClientAddress();
        if (!throttle.RecordFailure(address))
        {
            return;
        }

        // Attribute the burst to the workspace the requests aimed at, when the route names one.
        var workspaceId = Context.Request.RouteValues["workspace_id"] as string;
        await audit.RecordAsync(Caller.Anonymous(address), AuditActions.FailedAuthenticationBurst,
            new AuditTarget("client_address", address, address, Ids.IsWellFormed(workspaceId) ? workspaceId : null), Context.RequestAborted);
    }

    private AuthenticateResult Succeed(Caller caller)
    {
        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, caller.Id), new Claim(ClaimTypes.Name, caller.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult Fail(string code, string message)
    {
        AuthFailure.Set(Context, new AuthFailure(code, message));
        return AuthenticateResult.Fail(message);
    }

    private static string Clip(string value) => value.Length <= 20 ? value : value[..20];
}
