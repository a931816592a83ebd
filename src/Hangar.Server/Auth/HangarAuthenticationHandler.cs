using System.Security.Claims;
using System.Text.Encodings.Web;
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
            var value = header.Count == 1 ? header[0] ?? string.Empty : string.Empty;
            return await ThrottledAsync(IdentifierOf(value), () => AuthenticateHeaderAsync(value));
        }

        if (Context.GetEndpoint()?.Metadata.GetMetadata<QueryTokenAllowed>() is not null
            && Request.Query.TryGetValue("token", out var queryToken) && queryToken.Count == 1)
        {
            var value = $"{ApiKeyAuthenticator.Scheme} {queryToken}";
            return await ThrottledAsync(IdentifierOf(value), () => AuthenticateHeaderAsync(value));
        }

        if (Request.Headers.TryGetValue(ProcessSecretService.HeaderName, out var processSecret))
        {
            return await ThrottledAsync(PresentedIdentifier.Of("process_secret", Request.RouteValues["process_id"] as string),
                () => AuthenticateProcessSecretAsync(processSecret.ToString()));
        }

        if (Request.Cookies.TryGetValue(SessionCookie, out var token) && !string.IsNullOrEmpty(token))
        {
            if (await sessions.AuthenticateSessionAsync(token, Context.RequestAborted) is not ({ } session, { } user))
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
                SessionId = session.Id,
            });
        }

        return AuthenticateResult.NoResult();
    }

    /// <summary>
    /// Checks a presented credential and, when it fails, counts the failure against the client address and the
    /// credential's identifier. A valid credential always passes, even from a blocked address; a wrong one while the
    /// address or identifier is blocked gets 429 and Retry-After instead of 401. Sessions are not counted: an old
    /// cookie is not an attack.
    /// </summary>
    private async Task<AuthenticateResult> ThrottledAsync(PresentedIdentifier? identifier, Func<Task<AuthenticateResult>> authenticate)
    {
        var address = Context.ClientAddress();
        var blockedFor = throttle.BlockedFor(address, identifier);
        var result = await authenticate();
        if (result.Succeeded)
        {
            return result;
        }

        await throttle.RecordFailure(address, identifier)
            .AuditAsync(audit, address, Context.Request.RouteValues["workspace_id"] as string, Context.RequestAborted);
        if (blockedFor is { } retryAfter)
        {
            AuthFailure.Set(Context, new AuthFailure("too_many_failed_attempts",
                $"Too many failed authentications from this address or with this credential; try again in {retryAfter} s.", 429, retryAfter));
            return AuthenticateResult.Fail("throttled");
        }

        return result;
    }

    /// <summary>What names the presented credential without being secret: a key's prefix, an access credential's identifier.</summary>
    private static PresentedIdentifier? IdentifierOf(string header)
    {
        var parts = header.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        if (string.Equals(parts[0], ApiKeyAuthenticator.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return PresentedIdentifier.ApiKey(parts[1]);
        }

        return string.Equals(parts[0], RequestSignature.Scheme, StringComparison.OrdinalIgnoreCase)
            ? PresentedIdentifier.Of("access_credential", parts[1])
            : null;
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
