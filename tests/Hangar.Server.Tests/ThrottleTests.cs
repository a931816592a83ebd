using System.Net;
using Hangar.Core.Security;
using Hangar.Server.Auth;
using Hangar.Storage;
using Hangar.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// Its own servers: a throttled address stays throttled for a minute, which would disturb other tests. The servers that
/// trust loopback as a proxy let a test speak from several client addresses (X-Forwarded-For).
/// </summary>
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
        for (var i = 0; i < AuthFailureThrottle.DefaultMaxFailures * 2; i++)
        {
            await Api.GetAsync(good, $"/api/v1/workspaces/{ws}");
        }

        using var bad = Server.CreateClient();
        bad.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "RC-WSKEY hgk_0000000000000000000000000000000000000000");
        for (var i = 0; i < AuthFailureThrottle.DefaultMaxFailures; i++)
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

    [Fact]
    public async Task ValidKeyAndPassword_StillPass_FromAnAddressBlockedForFailures()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.TrustedProxies = ["127.0.0.1"]);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);
        var username = Api.Unique("user");
        await Api.PostAsync(admin, "/api/v1/users", new { username, password = Api.Password });
        const string attacker = "203.0.113.10";

        using var bad = From(server, attacker);
        bad.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "RC-WSKEY hgk_0000000000000000000000000000000000000000");
        for (var i = 0; i < AuthFailureThrottle.DefaultMaxFailures; i++)
        {
            using var refused = await bad.GetAsync($"/api/v1/workspaces/{ws}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var throttled = await bad.GetAsync($"/api/v1/workspaces/{ws}"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal("too_many_failed_attempts", await Json.ErrorCodeAsync(throttled));
            Assert.True(throttled.Headers.Contains("Retry-After"));
        }

        // The same address, with credentials that are right: a key, and another user's password.
        using var good = From(server, attacker);
        good.DefaultRequestHeaders.Authorization = Json.WorkspaceKey(key);
        await Api.GetAsync(good, $"/api/v1/workspaces/{ws}");
        using (var login = await From(server, attacker).PostAsync("/api/v1/auth/login", Json.Body(new { username, password = Api.Password })))
        {
            await Api.OkJsonAsync(login);
        }

        using (var wrongPassword = await From(server, attacker).PostAsync("/api/v1/auth/login", Json.Body(new { username, password = "not-the-password" })))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, wrongPassword.StatusCode);
        }

        var audit = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events?limit=500");
        Assert.Contains(audit["data"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "auth.failed_burst"
            && e["target"]!["id"]?.GetValue<string>() == attacker);
    }

    [Fact]
    public async Task AttackedUsername_IsThrottledForWrongGuesses_WhileOtherUsersAreNot()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.TrustedProxies = ["127.0.0.1"]);
        using var admin = await server.LoginAsAdminAsync();
        var victim = Api.Unique("victim");
        var bystander = Api.Unique("bystander");
        await Api.PostAsync(admin, "/api/v1/users", new { username = victim, password = Api.Password });
        await Api.PostAsync(admin, "/api/v1/users", new { username = bystander, password = Api.Password });
        const string attacker = "198.51.100.20";
        const string elsewhere = "198.51.100.21";
        const string victimsOwn = "198.51.100.22";

        for (var i = 0; i < AuthFailureThrottle.DefaultMaxFailures; i++)
        {
            using var wrong = await LoginAsync(server, attacker, victim, $"guess-number-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var throttled = await LoginAsync(server, attacker, victim, "one-more-guess"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
            Assert.Equal("too_many_failed_attempts", await Json.ErrorCodeAsync(throttled));
            Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        }

        // Guessing the attacked name from another address is throttled too ...
        using (var fromElsewhere = await LoginAsync(server, elsewhere, victim, "guess-from-elsewhere"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fromElsewhere.StatusCode);
        }

        // ... while other users are not affected, on the attacker's address or any other ...
        using (var bystanderThere = await LoginAsync(server, attacker, bystander, Api.Password))
        {
            await Api.OkJsonAsync(bystanderThere);
        }

        using (var bystanderTypo = await LoginAsync(server, elsewhere, bystander, "a-typo-of-the-password"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, bystanderTypo.StatusCode);
        }

        // ... and the attacked user signs in with the right password from an address that took no part in the attack.
        using (var victimSignsIn = await LoginAsync(server, victimsOwn, victim, Api.Password))
        {
            await Api.OkJsonAsync(victimSignsIn);
        }

        // From the attacker's address the attacked name is refused unchecked, or the block would not slow the guessing.
        using (var attackerRight = await LoginAsync(server, attacker, victim, Api.Password))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, attackerRight.StatusCode);
        }

        // A sign-in names no workspace, so its bursts are in the audit table without one.
        await using var scope = server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "auth.failed_burst" && e.TargetType == "username" && e.TargetId == victim));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "auth.failed_burst" && e.TargetType == "client_address" && e.TargetId == attacker));
    }

    [Fact]
    public async Task ForwardedFor_FromAnUntrustedClient_DoesNotDodgeTheThrottle()
    {
        // No trusted proxy: X-Forwarded-For is ignored, so a new made-up address per request changes nothing.
        await using var server = await HangarTestServer.StartAsync();
        for (var i = 0; i < AuthFailureThrottle.DefaultMaxFailures; i++)
        {
            using var wrong = await LoginAsync(server, $"192.0.2.{i + 1}", Api.Unique("nobody"), "wrong-password");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await LoginAsync(server, "192.0.2.200", Api.Unique("nobody"), "wrong-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
    }

    /// <summary>A client whose requests, through the trusted loopback proxy, come from <paramref name="address"/>.</summary>
    private static HttpClient From(HangarTestServer server, string address)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("X-Forwarded-For", address);
        return client;
    }

    private static async Task<HttpResponseMessage> LoginAsync(HangarTestServer server, string address, string username, string password)
    {
        using var client = From(server, address);
        var response = await client.PostAsync("/api/v1/auth/login", Json.Body(new { username, password }));
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
