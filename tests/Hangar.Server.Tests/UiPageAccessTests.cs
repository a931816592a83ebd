using System.Net;
using System.Text.RegularExpressions;
using Hangar.TestSupport;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>
/// Every page of the web UI, walked over HTTP as a browser asks for it: without a session it leads to sign-in, and in a
/// workspace the user does not belong to it is "Not found" (never the page, never a server error).
/// </summary>
public sealed partial class UiPageAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task EveryWorkspacePage_OfAForeignWorkspace_IsNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, outsider) = await Api.NewUserAsync(Server, admin);
        using (outsider)
        {
            foreach (var path in WorkspacePagePaths(Server.DefaultWorkspaceId))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Accept.ParseAdd("text/html");
                using var response = await outsider.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {path}: {(int)response.StatusCode}");
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    [Fact]
    public async Task EveryPage_WithoutASession_LeadsToSignIn()
    {
        using var anonymous = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Server.BaseAddress };
        foreach (var path in WorkspacePagePaths(Server.DefaultWorkspaceId).Concat(["/", "/workspaces", "/users", "/profile"]))
        {
            using var response = await anonymous.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path}: {(int)response.StatusCode}");
            Assert.StartsWith("/login?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APost_WithoutTheAntiforgeryToken_ChangesNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var form = new FormUrlEncodedContent([new("Name", "forged"), new("Permissions", "Processes.read_processes")]);
        using var response = await admin.PostAsync($"/workspaces/{Server.DefaultWorkspaceId}/api-keys?handler=Create", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var keys = await Api.GetAsync(admin, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}/api-keys");
        Assert.DoesNotContain(keys["data"]!.AsArray(), k => k!["name"]!.GetValue<string>() == "forged");
    }

    /// <summary>Return addresses that lead off this site once a browser reads them ('\\' as '/', tabs and line breaks dropped).</summary>
    public static TheoryData<string> ForeignReturnUrls => new()
    {
        "/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example", "/\r\n/evil.example", " //evil.example", "https://evil.example/",
        "http:evil.example", "javascript:alert(1)", "~//evil.example", "/a\\..\\..\\/evil.example",
    };

    [Theory]
    [MemberData(nameof(ForeignReturnUrls))]
    public async Task SignIn_FollowsNoReturnUrlOffThisSite(string returnUrl)
    {
        var query = "/login?returnUrl=" + Uri.EscapeDataString(returnUrl);
        // Signed in already: the page sends the visitor on at once.
        using var admin = await BrowserAsync(signedIn: true);
        using (var signedIn = await admin.GetAsync(query))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        }

        // Signing in with the form.
        using var browser = await BrowserAsync(signedIn: false);
        var token = await Api.FormTokenAsync(browser, query);
        using var form = new FormUrlEncodedContent([new("__csrf", token), new("Username", "admin"), new("Password", HangarTestServer.AdminPassword)]);
        using var signIn = await browser.PostAsync(query, form);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/workspaces")]
    [InlineData("/workspaces/x/runs?state=failed&limit=5")]
    public async Task SignIn_FollowsALocalReturnUrl(string returnUrl)
    {
        using var admin = await BrowserAsync(signedIn: true);
        using var response = await admin.GetAsync("/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(returnUrl, response.Headers.Location!.OriginalString);
    }

    /// <summary>A client that keeps cookies and does not follow redirects, as a test of where a page sends a browser needs.</summary>
    private async Task<HttpClient> BrowserAsync(bool signedIn)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Server.BaseAddress };
        if (signedIn)
        {
            using var login = await client.PostAsync("/api/v1/auth/login", Json.Body(new { username = "admin", password = HangarTestServer.AdminPassword }));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        return client;
    }

    /// <summary>Each page's route with the workspace filled in and every other parameter a well-formed unknown id.</summary>
    private List<string> WorkspacePagePaths(string workspaceId)
    {
        var paths = Server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!)
            .Where(t => t.Contains("{workspace_id}", StringComparison.Ordinal))
            .Distinct()
            .Select(t => RouteParameter().Replace(t.Replace("{workspace_id}", workspaceId, StringComparison.Ordinal), _ => Guid.NewGuid().ToString()))
            .Select(t => t.StartsWith('/') ? t : "/" + t)
            .ToList();
        Assert.True(paths.Count > 20, $"only {paths.Count} workspace pages found");
        return paths;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
