using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Behind a TLS-terminating proxy: forwarded headers count only from configured trusted proxies, and a request that
/// came in over https gets Secure cookies and HSTS.
/// </summary>
public class ForwardedHeadersTests
{
    [Fact]
    public async Task FromATrustedProxy_AnHttpsRequest_GetsSecureCookies_AndHsts()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.TrustedProxies = ["127.0.0.0/8"]);
        using var client = server.CreateClient();

        using var login = await SendAsync(client, HttpMethod.Post, "/api/v1/auth/login", "https",
            Json.Body(new { username = "admin", password = HangarTestServer.AdminPassword }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("secure", SetCookie(login, "hangar_session"), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("max-age=", login.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);

        using var page = await SendAsync(client, HttpMethod.Get, "/login", "https");
        Assert.Contains("secure", SetCookie(page, "hangar_csrf"), StringComparison.OrdinalIgnoreCase);

        // The same server, reached over plain http: no Secure flag (the browser would drop the cookie), no HSTS.
        using var plain = await SendAsync(server.CreateClient(), HttpMethod.Post, "/api/v1/auth/login", "http",
            Json.Body(new { username = "admin", password = HangarTestServer.AdminPassword }));
        Assert.DoesNotContain("secure", SetCookie(plain, "hangar_session"), StringComparison.OrdinalIgnoreCase);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WithoutTrustedProxies_ForwardedHeadersAreIgnored()
    {
        await using var server = await HangarTestServer.StartAsync();
        using var login = await SendAsync(server.CreateClient(), HttpMethod.Post, "/api/v1/auth/login", "https",
            Json.Body(new { username = "admin", password = HangarTestServer.AdminPassword }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.DoesNotContain("secure", SetCookie(login, "hangar_session"), StringComparison.OrdinalIgnoreCase);
        Assert.False(login.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string proto, HttpContent? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", proto);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.99");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string SetCookie(HttpResponseMessage response, string name) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal));
}
