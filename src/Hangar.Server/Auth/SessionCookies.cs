namespace Hangar.Server.Auth;

/// <summary>The session cookie, one place for the API's login and logout routes and the UI's sign-in and sign-out pages.</summary>
public static class SessionCookies
{
    /// <summary>Ends the request's session on the server (not only in the browser) and deletes the cookie.</summary>
    public static async Task EndSessionAsync(HttpContext http, Core.Services.SessionService sessions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(sessions);
        if (http.Request.Cookies.TryGetValue(HangarAuthenticationHandler.SessionCookie, out var token) && !string.IsNullOrEmpty(token))
        {
            await sessions.LogoutAsync(token, ct);
        }

        http.Response.Cookies.Delete(HangarAuthenticationHandler.SessionCookie, new CookieOptions { Path = "/" });
    }

    public static CookieOptions Options(HttpRequest request, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            Expires = expiresAt,
        };
    }
}
