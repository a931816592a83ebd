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

    private static async Task<Ok<LoginResponse>> LoginAsync(LoginRequest body, PasswordSignIn signIn, HttpContext http, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var result = await signIn.SignInAsync(body.Username, body.Password, http.ClientAddress(), ct);
        http.Response.Cookies.Append(HangarAuthenticationHandler.SessionCookie, result.Token, SessionCookies.Options(http.Request, result.ExpiresAt));
        return TypedResults.Ok(new LoginResponse(result.User.ToResponse(), result.ExpiresAt));
    }

    private static async Task<NoContent> LogoutAsync(SessionService sessions, HttpContext http, CancellationToken ct)
    {
        await SessionCookies.EndSessionAsync(http, sessions, ct);
        return TypedResults.NoContent();
    }
}
