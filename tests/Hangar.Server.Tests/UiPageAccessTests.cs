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
