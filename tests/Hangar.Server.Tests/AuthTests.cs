using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public class AuthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Login_SetsAnHttpOnlyStrictSessionCookie_ThatOpensMe()
    {
        using var client = Server.CreateClient();
        using var login = await client.PostAsync("/api/v1/auth/login", Json.Body("""{"username":"admin","password":"test-first-owner-secret-1"}"""));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("hangar_session=hgs_", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("admin", (await Json.ReadAsync(login))["user"]!["username"]!.GetValue<string>());

        using var me = await client.GetAsync("/api/v1/users/me");
        var body = await Json.ReadAsync(me);
        Assert.Equal("admin", body["username"]!.GetValue<string>());
        Assert.Equal("owner", body["organizations"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("Default", body["organizations"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Login_FailsTheSameWay_ForAnUnknownUserAndAWrongPassword()
    {
        using var client = Server.CreateClient();
        using var wrongPassword = await client.PostAsync("/api/v1/auth/login", Json.Body("""{"username":"admin","password":"nope-nope-nope"}"""));
        using var unknownUser = await client.PostAsync("/api/v1/auth/login", Json.Body("""{"username":"nobody","password":"nope-nope-nope"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownUser.Content.ReadAsStringAsync());
        Assert.Equal("invalid_credentials", await Json.ErrorCodeAsync(unknownUser));
        Assert.Empty(wrongPassword.Headers.TryGetValues("Set-Cookie", out var set) ? set : []);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = await Server.LoginAsAdminAsync();
        using (var logout = await Api.PostEmptyAsync(client, "/api/v1/auth/logout"))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var me = await client.GetAsync("/api/v1/users/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal("authentication_required", await Json.ErrorCodeAsync(me));
    }

    [Fact]
    public async Task AStolenButLoggedOutSessionToken_IsRefused()
    {
        using var client = Server.CreateClient();
        using var login = await client.PostAsync("/api/v1/auth/login", Json.Body("""{"username":"admin","password":"test-first-owner-secret-1"}"""));
        var token = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using (await Api.PostEmptyAsync(client, "/api/v1/auth/logout"))
        {
        }

        using var replay = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        replay.Headers.Add("Cookie", token);
        using var raw = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Server.BaseAddress };
        using var response = await raw.SendAsync(replay);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("session_expired", await Json.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("Bearer", "malformed_authorization")]
    [InlineData("RC-WSKEY", "malformed_authorization")]
    [InlineData("Basic YWRtaW46eA==", "unsupported_authorization_scheme")]
    public async Task BadAuthorizationHeaders_Get401WithAClearCode(string header, string expectedCode)
    {
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(expectedCode, await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task NoCredential_Gets401()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync($"/api/v1/workspaces/{Server.DefaultWorkspaceId}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("authentication_required", await Json.ErrorCodeAsync(response));
    }
}
