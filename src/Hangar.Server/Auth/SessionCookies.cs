namespace Hangar.Server.Auth;

/// <summary>The session cookie's settings, one place for the API's login route and the UI's sign-in page.</summary>
public static class SessionCookies
{
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
