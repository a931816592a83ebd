using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Every absolute URL the server hands out is on its public URL, whatever Host header the request came with.</summary>
public class PublicUrlTests
{
    private const string PublicUrl = "https://hangar.example.test";
    private const string Evil = "evil.example";

    [Fact]
    public async Task Links_SignedUrls_AndWorkerAssignments_AreOnThePublicUrl_NotOnTheHostHeader()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.PublicUrl = PublicUrl + "/");
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);
        await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);

        var page = await GetWithHostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys?limit=1");
        Assert.StartsWith($"{PublicUrl}/api/v1/workspaces/{ws}/api-keys?", page["next"]!.GetValue<string>(), StringComparison.Ordinal);

        var package = await Packages.CreateAsync(admin, ws);
        var upload = await GetWithHostAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        Assert.Equal($"{PublicUrl}/blobs/upload", upload["url"]!.GetValue<string>());

        var process = await Workers.ProcessAsync(server, admin, ws);
        var (_, worker) = await Workers.LinkAsync(server, admin, ws);
        using (worker)
        {
            await Workers.StartAsync(admin, ws, process, new { n = 1 });
            using var claim = new HttpRequestMessage(HttpMethod.Post, "/worker-v1/claim") { Content = Json.Body(new { wait_seconds = 5 }) };
            claim.Headers.Host = Evil;
            using var claimed = await worker.SendAsync(claim);
            var assignment = await Api.OkJsonAsync(claimed);
            Assert.Equal(PublicUrl, assignment["server_url"]!.GetValue<string>());
            Assert.StartsWith($"{PublicUrl}/blobs/download?", assignment["package"]!["download_url"]!.GetValue<string>(), StringComparison.Ordinal);
            var env = assignment["env"]!;
            Assert.Equal($"{PublicUrl}/api/v1", env["RC_API_URL_V1"]!.GetValue<string>());
            Assert.Equal(PublicUrl, env["RC_API_WORKITEM_HOST"]!.GetValue<string>());
            Assert.DoesNotContain(Evil, assignment.ToJsonString(), StringComparison.Ordinal);
        }

        var openApi = await GetWithHostAsync(admin, "/openapi/v1.json");
        Assert.Equal(PublicUrl, Assert.Single(openApi["servers"]!.AsArray())!["url"]!.GetValue<string>());

        // The commands the UI shows (curl examples, rcc's endpoint, a worker's --server).
        foreach (var path in new[] { $"/workspaces/{ws}/api-keys", $"/workspaces/{ws}/processes/{process}/api-access" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = Evil;
            using var response = await admin.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Contains(PublicUrl, html, StringComparison.Ordinal);
            Assert.DoesNotContain(Evil, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithoutAPublicUrl_LinksAreOnTheListeningAddress_NotOnTheHostHeader()
    {
        await using var server = await HangarTestServer.StartAsync();
        var ws = server.DefaultWorkspaceId;
        var listening = server.BaseAddress.ToString().TrimEnd('/');
        using var admin = await server.LoginAsAdminAsync();
        await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);
        await Api.NewKeyAsync(admin, ws, Permissions.ReadMembers);

        var page = await GetWithHostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys?limit=1");
        Assert.StartsWith($"{listening}/api/v1/workspaces/{ws}/api-keys?", page["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var package = await Packages.CreateAsync(admin, ws);
        var upload = await GetWithHostAsync(admin, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        Assert.Equal($"{listening}/blobs/upload", upload["url"]!.GetValue<string>());

        // The next link is followed verbatim, as clients do.
        var next = await Api.GetAsync(admin, page["next"]!.GetValue<string>());
        Assert.Single(next["data"]!.AsArray());
    }

    [Fact]
    public async Task AssetAndWorkItemFileUrls_AndRunPages_AreOnThePublicUrl_WhateverHostOrForwardedHeadersSay()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.PublicUrl = PublicUrl);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var process = await Workers.ProcessAsync(server, admin, ws);
        await Workers.StartAsync(admin, ws, process, new { n = 1 });
        await Workers.StartAsync(admin, ws, process, new { n = 2 });
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadRuns, Permissions.WriteAssets, Permissions.WriteWorkItems);
        using var client = Api.KeyClient(server, key);
        var item = (await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/work-items", new { process = new { id = process }, payload = new { } }))["id"]!
            .GetValue<string>();
        var asset = (await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/assets", new { name = Api.Unique("asset") }))["id"]!.GetValue<string>();

        var runs = await SendWithHostAsync(client, HttpMethod.Get, $"/api/v1/workspaces/{ws}/process-runs?limit=1", null);
        Assert.StartsWith($"{PublicUrl}/api/v1/workspaces/{ws}/process-runs?", runs["next"]!.GetValue<string>(), StringComparison.Ordinal);
        var assetUpload = await SendWithHostAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/assets/{asset}/uploads", new { content_type = "text/plain" });
        Assert.StartsWith($"{PublicUrl}/", assetUpload["upload_url"]!.GetValue<string>(), StringComparison.Ordinal);
        var fileUpload = await SendWithHostAsync(client, HttpMethod.Post, $"/api/v1/workspaces/{ws}/work-items/{item}/files/upload",
            new { file_name = "a.txt", file_size = 1 });
        Assert.Equal($"{PublicUrl}/blobs/upload", fileUpload["url"]!.GetValue<string>());
        var legacyUpload = await SendWithHostAsync(client, HttpMethod.Post, $"/process-v1/workspaces/{ws}/processes/{process}/work-items/{item}/files/upload",
            new { fileName = "b.txt", fileSize = 1 });
        Assert.Equal($"{PublicUrl}/blobs/upload", legacyUpload["url"]!.GetValue<string>());
        foreach (var answer in new[] { runs, assetUpload, fileUpload, legacyUpload })
        {
            Assert.DoesNotContain(Evil, answer.ToJsonString(), StringComparison.Ordinal);
        }
    }

    /// <summary>A request whose Host and forwarded headers (from a client that is no trusted proxy) name another server.</summary>
    private static async Task<JsonNode> SendWithHostAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json.Body(body) };
        request.Headers.Host = Evil;
        request.Headers.Add("X-Forwarded-Host", Evil);
        request.Headers.Add("X-Forwarded-Proto", "http");
        using var response = await client.SendAsync(request);
        return await Api.OkJsonAsync(response);
    }

    [Fact]
    public async Task LinkTokenBox_OnAPublicUrl_NamesIt_WithoutTheLoopbackNote()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.PublicUrl = PublicUrl);
        var html = await CreateLinkTokenOnThePageAsync(server);

        Assert.Contains($"--server {PublicUrl}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("loopback-note", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinkTokenBox_OnALoopbackUrl_SaysOnlyThisMachineCanReachIt_AndHowToChangeIt()
    {
        await using var server = await HangarTestServer.StartAsync(configure: o => o.PublicUrl = "http://localhost:8080");
        var html = await CreateLinkTokenOnThePageAsync(server);

        Assert.Contains("--server http://localhost:8080", html, StringComparison.Ordinal);
        Assert.Contains("id=\"loopback-note\"", html, StringComparison.Ordinal);
        Assert.Contains("hangar serve --urls http://0.0.0.0:8080 --public-url http://", html, StringComparison.Ordinal);
    }

    /// <summary>Presses "Create link token" on the Workers page as a workspace admin's browser does; returns the page shown.</summary>
    internal static async Task<string> CreateLinkTokenOnThePageAsync(HangarTestServer server)
    {
        using var admin = await server.LoginAsAdminAsync();
        var page = $"/workspaces/{server.DefaultWorkspaceId}/workers";
        var token = await Api.FormTokenAsync(admin, page);
        using var form = new FormUrlEncodedContent([new("__csrf", token), new("ExpiresInHours", "24")]);
        using var response = await admin.PostAsync(page + "?handler=CreateToken", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {html}");
        Assert.Contains("Link token created", html, StringComparison.Ordinal);
        return html;
    }

    private static async Task<JsonNode> GetWithHostAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = Evil;
        using var response = await client.SendAsync(request);
        return await Api.OkJsonAsync(response);
    }
}
