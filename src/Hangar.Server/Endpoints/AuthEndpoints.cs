using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>Password sign-in for people: a session cookie for the UI and for trying the API in a browser.</summary>
public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/auth").WithTags("Authentication");
        group.MapPost("/login", LoginAsync).AllowAnonymous().WithSummary("Sign in with a user name and password; sets the session cookie.");
        group.MapPost("/logout", LogoutAsync).AllowAnonymous().WithSummary("End the current session.");
    }

    private static async Task<Ok<LoginResponse>> LoginAsync(LoginRequest body, SessionService sessions, AuthFailureThrottle throttle,
        AuditLog audit, HttpContext http, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var address = http.ClientAddress();
        if (throttle.IsBlocked(address, out var retryAfter))
        {
            throw new HangarException(ErrorKind.TooManyRequests, "too_many_failed_attempts",
                $"Too many failed sign-ins from this address; try again in {retryAfter} s.") { RetryAfterSeconds = retryAfter };
        }

        LoginResult result;
        try
        {
            result = await sessions.LoginAsync(body.Username, body.Password, address, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Unauthorized)
        {
            if (throttle.RecordFailure(address))
            {
                await audit.RecordAsync(Caller.Anonymous(address), AuditActions.FailedAuthenticationBurst,
                    new AuditTarget("client_address", address, address), ct);
            }

            throw;
        }

        http.Response.Cookies.Append(HangarAuthenticationHandler.SessionCookie, result.Token, SessionCookies.Options(http.Request, result.ExpiresAt));
        return TypedResults.Ok(new LoginResponse(result.User.ToResponse(), result.ExpiresAt));
    }

    private static async Task<NoContent> LogoutAsync(SessionService sessions, HttpContext http, CancellationToken ct)
    {
        if (http.Request.Cookies.TryGetValue(HangarAuthenticationHandler.SessionCookie, out var token) && !string.IsNullOrEmpty(token))
        {
            await sessions.LogoutAsync(token, ct);
        }

        http.Response.Cookies.Delete(HangarAuthenticationHandler.SessionCookie, new CookieOptions { Path = "/" });
        return TypedResults.NoContent();
    }
}
