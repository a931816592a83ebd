using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Every refusal of /api/v1 in the error shape with a stable code, and nothing written on a refusal.</summary>
public class ErrorShapeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task UnknownRoute_Is404InTheErrorShape()
    {
        using var client = await Server.LoginAsAdminAsync();
        using var response = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("route_not_found", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task WrongMethod_Is405InTheErrorShape()
    {
        using var client = await Server.LoginAsAdminAsync();
        using var response = await client.PatchAsync("/api/v1/users/me", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("method_not_allowed", await Json.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("{\"name\": ")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"name\": 42}")]
    [InlineData("{\"name\": {\"nested\": true}}")]
    public async Task MalformedJsonOrWrongTypes_Are400_AndCreateNothing(string body)
    {
        using var client = await Server.LoginAsAdminAsync();
        var before = await CountWorkspacesAsync(client);
        using var response = await client.PostAsync("/api/v1/workspaces", Json.Body(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", await Json.ErrorCodeAsync(response));
        Assert.Equal(before, await CountWorkspacesAsync(client));
    }

    [Fact]
    public async Task MissingBody_Is400()
    {
        using var client = await Server.LoginAsAdminAsync();
        using var response = await client.PostAsync("/api/v1/workspaces", Json.Body(""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_json", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task NonJsonContentType_Is415()
    {
        using var client = await Server.LoginAsAdminAsync();
        using var response = await client.PostAsync("/api/v1/workspaces", new StringContent("name=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        using var client = await Server.LoginAsAdminAsync();
        var huge = "{\"name\":\"" + new string('a', 5 * 1024 * 1024) + "\"}";
        // As curl does for large bodies: announce the body and wait for the server's go-ahead, which it refuses.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces") { Content = Json.Body(huge) };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await Json.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=501", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("cursor=%%%", "invalid_cursor")]
    [InlineData("cursor=bm90LWFuLWlkLSoq", "invalid_cursor")]
    public async Task BadPagingParameters_Are400(string query, string code)
    {
        using var client = await Server.LoginAsAdminAsync();
        using var response = await client.GetAsync($"/api/v1/workspaces?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Responses_CarryARequestId()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(response.Headers.GetValues("X-Request-Id").Single()));
    }

    [Fact]
    public async Task Readyz_SaysReady_WhenTheDatabaseIsMigrated()
    {
        using var client = Server.CreateClient();
        using var response = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ready", (await Json.ReadAsync(response))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApiDocs_AreServedWithoutInternet()
    {
        using var client = Server.CreateClient();
        using var document = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.NotNull((await Json.ReadAsync(document))["paths"]!["/api/v1/workspaces/{workspace_id}"]);
        using var page = await client.GetAsync("/api/docs/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("scalar.js", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        using var script = await client.GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task TheRoot_LeadsAnAnonymousBrowserToSignIn()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?returnUrl=%2F", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task UnknownPage_InABrowser_IsAnHtmlPage_ButJsonForApiClients()
    {
        using var client = new HttpClient { BaseAddress = Server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        request.Headers.Accept.ParseAdd("text/html");
        using var browser = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, browser.StatusCode);
        Assert.Equal("text/html", browser.Content.Headers.ContentType!.MediaType);
        using var api = await client.GetAsync("/api/v1/no-such-route");
        Assert.Equal("route_not_found", (await Json.ReadAsync(api))["error"]!["code"]!.GetValue<string>());
    }

    private static async Task<int> CountWorkspacesAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/workspaces?limit=500");
        return (await Json.ReadAsync(response))["data"]!.AsArray().Count;
    }
}
