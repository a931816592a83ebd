using System.Net;
using Hangar.Core.Security;
using Hangar.Server.Auth;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Its own server: a throttled address stays throttled for a minute, which would disturb other tests.</summary>
public class ThrottleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task RepeatedFailures_Get429WithRetryAfter_AndAnAuditEntry_ButValidTrafficIsNotCounted()
    {
        var ws = Server.DefaultWorkspaceId;
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);
        using var good = Api.KeyClient(Server, key);
        for (var i = 0; i < AuthFailureThrottle.MaxFailures * 2; i++)
        {
            await Api.GetAsync(good, $"/api/v1/workspaces/{ws}");
        }

        using var bad = Server.CreateClient();
        bad.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "RC-WSKEY hgk_0000000000000000000000000000000000000000");
        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
        {
            using var refused = await bad.GetAsync($"/api/v1/workspaces/{ws}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var throttled = await bad.GetAsync($"/api/v1/workspaces/{ws}");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("too_many_failed_attempts", await Json.ErrorCodeAsync(throttled));
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        using var login = await Server.CreateClient().PostAsync("/api/v1/auth/login", Json.Body(new { username = "admin", password = "wrong-wrong-wrong" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, login.StatusCode);

        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events?limit=500");
        Assert.Contains(audit["data"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "auth.failed_burst");
    }
}
