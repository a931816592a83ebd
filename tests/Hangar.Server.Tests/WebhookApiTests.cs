using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The webhook routes of v1 as clients call them: Robocorp's shapes, Hangar's additions, and every refusal.</summary>
public class WebhookApiTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Create_AnswersTheSecretOnce_AndTheWebhookReadsBackWithoutIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks", new
        {
            endpoint = "http://127.0.0.1:9/hook", enabled_events = new[] { "process_run.completed", "process_run.started" }, process = new { id = process },
        });
        var id = created["id"]!.GetValue<string>();
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(process, created["process"]!["id"]!.GetValue<string>());
        // Events come back in the catalog's order, whatever order they were given in.
        Assert.Equal(["process_run.started", "process_run.completed"], created["enabled_events"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Equal("http://127.0.0.1:9/hook", created["endpoint"]!.GetValue<string>());
        Assert.Equal("127.0.0.1", created["name"]!.GetValue<string>());

        var read = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}");
        Assert.Null(read["secret"]);
        Assert.Equal(secret[..10], read["secret_preview"]!.GetValue<string>());
        var listed = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks"))["data"]!.AsArray().Single()!;
        Assert.Equal(id, listed["id"]!.GetValue<string>());
        Assert.Null(listed["secret"]);
        Assert.DoesNotContain(secret, (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events"))!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWorkspaceWideWebhook_HasNoProcess()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks",
            new { endpoint = "http://127.0.0.1:9/all", enabled_events = new[] { "process_run.completed" }, name = "Everything" });
        Assert.Null(created["process"]);
        Assert.Equal("Everything", created["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_ChangesWhatIsGiven_AndKeepsTheRest()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "http://127.0.0.1:9/old");
        var updated = await Api.PutAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}",
            new { name = "Renamed", enabled_events = new[] { "work_item.failed" } });
        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:9/old", updated["endpoint"]!.GetValue<string>());
        Assert.Equal(["work_item.failed"], updated["enabled_events"]!.AsArray().Select(e => e!.GetValue<string>()));
        updated = await Api.PutAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}", new { endpoint = "http://127.0.0.1:9/new" });
        Assert.Equal("http://127.0.0.1:9/new", updated["endpoint"]!.GetValue<string>());
        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        var actions = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events"))["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>());
        Assert.Contains("webhook.updated", actions);
        Assert.Contains("webhook.created", actions);
    }

    [Fact]
    public async Task Delete_RemovesTheWebhook()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "http://127.0.0.1:9/hook");
        var deleted = await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}");
        Assert.True(deleted["deleted"]!.GetValue<bool>());
        using var gone = await admin.GetAsync($"/api/v1/workspaces/{ws}/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var actions = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events"))["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>());
        Assert.Contains("webhook.deleted", actions);
    }

    [Theory]
    [InlineData("""{"endpoint":"ftp://example.com/x","enabled_events":["process_run.completed"]}""", HttpStatusCode.BadRequest, "invalid_endpoint")]
    [InlineData("""{"endpoint":"https://user:pw@example.com/x","enabled_events":["process_run.completed"]}""", HttpStatusCode.BadRequest, "invalid_endpoint")]
    [InlineData("""{"endpoint":"not a url","enabled_events":["process_run.completed"]}""", HttpStatusCode.BadRequest, "invalid_endpoint")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":[]}""", HttpStatusCode.BadRequest, "invalid_events")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":["process_run.exploded"]}""", HttpStatusCode.BadRequest, "invalid_events")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":["process_run.completed"],"process":{}}""", HttpStatusCode.BadRequest, "missing_field")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":["process_run.completed"],"process":{"id":"0196f1b2-0000-7000-8000-000000000000"}}""", HttpStatusCode.NotFound, "not_found")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":["process_run.completed"],"name":""}""", HttpStatusCode.BadRequest, "invalid_name")]
    [InlineData("""{"endpoint": """, HttpStatusCode.BadRequest, "invalid_json")]
    [InlineData("""{"endpoint":"http://127.0.0.1:9/x","enabled_events":"process_run.completed"}""", HttpStatusCode.BadRequest, "invalid_json")]
    public async Task Create_RefusesABadBody(string body, HttpStatusCode status, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        using var response = await admin.PostAsync($"/api/v1/workspaces/{ws}/webhooks", Json.Body(body));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks"))["data"]!.AsArray());
    }

    [Fact]
    public async Task UnknownIds_AreNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "http://127.0.0.1:9/hook");
        foreach (var path in new[]
                 {
                     $"webhooks/{Guid.CreateVersion7()}", "webhooks/not-an-id", $"webhooks/{id}/deliveries/12345", $"webhooks/{id}/deliveries/abc",
                     $"webhooks/{Guid.CreateVersion7()}/deliveries",
                 })
        {
            using var response = await admin.GetAsync($"/api/v1/workspaces/{ws}/{path}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("not_found", await Json.ErrorCodeAsync(response));
        }

        using var resend = await admin.PostAsync($"/api/v1/workspaces/{ws}/webhooks/{id}/deliveries/999999/resend", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
    }

    [Fact]
    public async Task Webhooks_NeedTheirPermissions_AndStayInTheirWorkspace()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "http://127.0.0.1:9/hook");
        var (_, readOnly) = await Api.NewKeyAsync(admin, ws, Permissions.ReadWebhooks);
        using (var reader = Api.KeyClient(Server, readOnly))
        {
            await Api.GetAsync(reader, $"/api/v1/workspaces/{ws}/webhooks/{id}");
            foreach (var (method, path) in new[]
                     {
                         ("POST", "webhooks"), ("PUT", $"webhooks/{id}"), ("DELETE", $"webhooks/{id}"), ("POST", $"webhooks/{id}/test"),
                         ("POST", $"webhooks/{id}/deliveries/1/resend"),
                     })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/workspaces/{ws}/{path}") { Content = Json.Body("{}") };
                using var refused = await reader.SendAsync(request);
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)refused.StatusCode}");
                Assert.Contains(Permissions.WriteWebhooks, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        var (_, runsOnly) = await Api.NewKeyAsync(admin, ws, Permissions.ReadRuns);
        using (var other = Api.KeyClient(Server, runsOnly))
        {
            using var refused = await other.GetAsync($"/api/v1/workspaces/{ws}/webhooks");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(Permissions.ReadWebhooks, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var elsewhere = await Api.NewWorkspaceAsync(admin);
        var (_, foreign) = await Api.NewKeyAsync(admin, elsewhere, Permissions.ReadWebhooks, Permissions.WriteWebhooks);
        using (var stranger = Api.KeyClient(Server, foreign))
        {
            using var hidden = await stranger.GetAsync($"/api/v1/workspaces/{ws}/webhooks/{id}");
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            // Its own workspace does not have it either.
            using var notThere = await stranger.GetAsync($"/api/v1/workspaces/{elsewhere}/webhooks/{id}");
            Assert.Equal(HttpStatusCode.NotFound, notThere.StatusCode);
            using var deleteThere = await stranger.DeleteAsync($"/api/v1/workspaces/{elsewhere}/webhooks/{id}");
            Assert.Equal(HttpStatusCode.NotFound, deleteThere.StatusCode);
        }

        using (var anonymous = Server.CreateClient())
        {
            using var refused = await anonymous.GetAsync($"/api/v1/workspaces/{ws}/webhooks");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var wrongKey = Api.KeyClient(Server, "hgk_" + new string('x', 40)))
        {
            using var refused = await wrongKey.GetAsync($"/api/v1/workspaces/{ws}/webhooks");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Still there, unchanged.
        await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}");
    }

    [Fact]
    public async Task Viewers_SeeWebhooks_ButCannotChangeThem()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var (id, _) = await Webhooks.CreateAsync(admin, ws, "http://127.0.0.1:9/hook");
        var (_, viewer) = await Api.NewMemberAsync(Server, admin, "viewer");
        using (viewer)
        {
            await Api.GetAsync(viewer, $"/api/v1/workspaces/{ws}/webhooks/{id}");
            using var refused = await viewer.DeleteAsync($"/api/v1/workspaces/{ws}/webhooks/{id}");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var (_, developer) = await Api.NewMemberAsync(Server, admin, "developer");
        using (developer)
        {
            await Api.PutAsync(developer, $"/api/v1/workspaces/{ws}/webhooks/{id}", new { name = "by a developer" });
        }

        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{id}");
    }
}
