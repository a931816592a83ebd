using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Assets over v1, played as robocorp-storage plays them with a robot's run token.</summary>
public class AssetTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    /// <summary>RC_API_URL_V1 + workspaces/{ws}/assets/, and an asset addressed by name as the client quotes it (quote_plus).</summary>
    private string Prefix => $"/api/v1/workspaces/{Ws}/assets/";

    private static string ByName(string name) => WebUtility.UrlEncode($"name:{name}") + "/";

    [Fact]
    public async Task ARobot_SetsGetsAndDeletesAssets_InlineAndThroughTheUploadUrl()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { }))["id"]!.GetValue<string>();
        using var robot = await Robot.StartAsync(Server, Ws, process, runId);
        var http = robot.Http;
        var name = Api.Unique("my asset+1");

        // set_text: get-or-create, then an inline upload, then poll until completed.
        using (var missing = await http.GetAsync(Prefix + ByName(name)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var created = await Api.PostAsync(http, Prefix, new { name });
        Assert.Equal(name, created["name"]!.GetValue<string>());
        Assert.Equal("""{"type":"empty"}""", created["payload"]!.ToJsonString());
        var id = created["id"]!.GetValue<string>();
        using (var duplicate = await http.PostAsync(Prefix, Json.Body(new { name })))
        {
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
            Assert.Equal("asset_exists", await Json.ErrorCodeAsync(duplicate));
        }

        var inline = await Api.PostAsync(http, $"{Prefix}{ByName(name)}uploads/",
            new { content_type = "text/plain", data = Convert.ToBase64String(Encoding.UTF8.GetBytes("first value")) });
        Assert.Equal("completed", inline["status"]!.GetValue<string>());
        Assert.Equal("text/plain", inline["content_type"]!.GetValue<string>());
        Assert.Equal("completed", (await Api.GetAsync(http, $"{Prefix}{ByName(name)}uploads/{inline["id"]}/"))["status"]!.GetValue<string>());
        Assert.Equal("first value", await GetTextAsync(http, Prefix + ByName(name)));

        // Larger content: an upload URL, PUT with no credentials.
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        var pending = await Api.PostAsync(http, $"{Prefix}{id}/uploads", new { content_type = "application/octet-stream" });
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        var uploadUrl = pending["upload_url"]!.GetValue<string>();
        using (var anonymous = Server.CreateClient())
        {
            using (var put = await anonymous.PutAsync(uploadUrl, new ByteArrayContent(content)))
            {
                await Api.OkJsonAsync(put);
            }

            using var again = await anonymous.PutAsync(uploadUrl, new ByteArrayContent(content));
            Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
            Assert.Equal("upload_url_used", await Json.ErrorCodeAsync(again));
        }

        Assert.Equal("completed", (await Api.GetAsync(http, $"{Prefix}{id}/uploads/{pending["id"]}"))["status"]!.GetValue<string>());
        var asset = await Api.GetAsync(http, Prefix + ByName(name));
        Assert.Equal("url", asset["payload"]!["type"]!.GetValue<string>());
        Assert.Equal("application/octet-stream", asset["payload"]!["content_type"]!.GetValue<string>());
        using (var anonymous = Server.CreateClient())
        {
            Assert.Equal(content, await anonymous.GetByteArrayAsync(asset["payload"]!["url"]!.GetValue<string>()));
        }

        // Older clients post to .../upload.
        var older = await Api.PostAsync(http, $"{Prefix}{ByName(name)}upload/", new { data = Convert.ToBase64String("v3"u8.ToArray()) });
        Assert.Equal("completed", older["status"]!.GetValue<string>());
        Assert.Equal("v3", await GetTextAsync(http, Prefix + id));

        var deleted = await Api.DeleteJsonAsync(http, Prefix + ByName(name));
        Assert.Equal(id, deleted["id"]!.GetValue<string>());
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        using var gone = await http.GetAsync(Prefix + id);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task TheList_IsPaged_AndFollowsNext()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadAssets, Permissions.WriteAssets);
        using var http = Api.KeyClient(Server, key);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add((await Api.PostAsync(http, $"/api/v1/workspaces/{ws}/assets", new { name = $"asset-{i}" }))["name"]!.GetValue<string>());
        }

        var seen = new List<string>();
        string? next = $"/api/v1/workspaces/{ws}/assets?limit=2";
        while (next is not null)
        {
            var page = await Api.GetAsync(http, next);
            seen.AddRange(page["data"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
            Assert.Equal(page["next"] is not null, page["has_more"]!.GetValue<bool>());
            next = page["next"]?.GetValue<string>();
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task InlineData_IsBounded_AndBadBodiesAreRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var id = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/assets", new { name = Api.Unique("bounded") }))["id"]!.GetValue<string>();
        using (var bad = await admin.PostAsync($"/api/v1/workspaces/{Ws}/assets/{id}/uploads", Json.Body(new { data = "not base64!" })))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("invalid_data", await Json.ErrorCodeAsync(bad));
        }

        var tooLarge = Convert.ToBase64String(new byte[5_000_001]);
        using (var large = await admin.PostAsync($"/api/v1/workspaces/{Ws}/assets/{id}/uploads", Json.Body(new { data = tooLarge })))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        }

        var upload = new byte[4_000_000];
        using (var fits = await admin.PostAsync($"/api/v1/workspaces/{Ws}/assets/{id}/uploads", Json.Body(new { data = Convert.ToBase64String(upload) })))
        {
            Assert.Equal("completed", (await Api.OkJsonAsync(fits))["status"]!.GetValue<string>());
        }

        using var unnamed = await admin.PostAsync($"/api/v1/workspaces/{Ws}/assets", Json.Body(new { name = " " }));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
    }

    private async Task<string> GetTextAsync(HttpClient http, string path)
    {
        var asset = await Api.GetAsync(http, path);
        Assert.Equal("url", asset["payload"]!["type"]!.GetValue<string>());
        using var anonymous = Server.CreateClient();
        return await anonymous.GetStringAsync(asset["payload"]!["url"]!.GetValue<string>());
    }
}
