using System.Net;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Requests sent as a client written for Robocorp's Control Room sends them, answered in the shapes and under the
/// permissions Robocorp's v1 document declares.
/// </summary>
public class RobocorpClientTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task StartedBy_HasThreeStringsForAUser_AndNoDetailsForAnApiKey()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var me = await Api.GetAsync(admin, "/api/v1/users/me");
        var byUser = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        var (keyId, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses, Permissions.ReadRuns);
        using var client = Api.KeyClient(Server, key);
        var byKey = (await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs", new { }))["id"]!.GetValue<string>();

        var user = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{byUser}"))["started_by"]!;
        Assert.Equal("user", user["type"]!.GetValue<string>());
        Assert.Equal(me["id"]!.GetValue<string>(), user["details"]!["id"]!.GetValue<string>());
        Assert.Equal(me["username"]!.GetValue<string>(), user["details"]!["first_name"]!.GetValue<string>());
        Assert.Equal(string.Empty, user["details"]!["last_name"]!.GetValue<string>());

        // Robocorp: "Details are only available when the process run was started by a user". Hangar says which key beside them.
        var api = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{byKey}"))["started_by"]!.AsObject();
        Assert.Equal("api", api["type"]!.GetValue<string>());
        Assert.True(api.ContainsKey("details"));
        Assert.Null(api["details"]);
        Assert.Equal(keyId, api["id"]!.GetValue<string>());
        var listed = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]!.AsArray();
        Assert.Null(listed.Single(r => r!["id"]!.GetValue<string>() == byKey)!["started_by"]!["details"]);
    }

    [Fact]
    public async Task AStoppedRun_ReportsStopping_OnV1AndProcessV1_WithHangarsStateBeside()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses, Permissions.ReadRuns);
        using var client = Api.KeyClient(Server, key);
        await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{runId}/stop",
            new { set_remaining_work_items_as_done = false, terminate_ongoing_activity_runs = true });

        var run = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
        Assert.Equal("stopping", run["state"]!.GetValue<string>());
        Assert.Equal("stopped", run["hangar_state"]!.GetValue<string>());
        Assert.NotNull(run["ended_at"]);
        var listed = (await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/process-runs?process_id={process}"))["data"]![0]!;
        Assert.Equal("stopping", listed["state"]!.GetValue<string>());

        var legacy = await Api.GetAsync(client, $"/process-v1/workspaces/{ws}/processes/{process}/runs/{runId}");
        Assert.Equal("STOPPING", legacy["state"]!.GetValue<string>());
        Assert.Equal("STOPPED", legacy["hangarState"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartingWithInputs_OnAnEmptyQueue_AnswersStartedFalse_WithoutAnId()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.TriggerProcesses);
        using var client = Api.KeyClient(Server, key);

        using var response = await client.PostAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs", Json.Body(new { type = "with_inputs" }));
        var answer = (await Api.OkJsonAsync(response)).AsObject();
        Assert.False(answer["started"]!.GetValue<bool>());
        Assert.False(answer.ContainsKey("id"), answer.ToJsonString());
    }

    [Fact]
    public async Task ProcessList_AnswersEveryProcess_UnlessTheClientAsksForAPage()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var package = await Api.SeedPackageAsync(Server, ws, "Main");
        for (var i = 0; i < 101; i++)
        {
            await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes",
                new { name = $"process-{i:D3}", steps = new[] { new { task_package = new { id = package }, task = "Main" } } });
        }

        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadProcesses);
        using var client = Api.KeyClient(Server, key);
        var all = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/processes");
        Assert.Equal(101, all["data"]!.AsArray().Count);
        Assert.False(all["has_more"]!.GetValue<bool>());
        Assert.Null(all["next"]);

        var page = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/processes?limit=100");
        Assert.Equal(100, page["data"]!.AsArray().Count);
        Assert.True(page["has_more"]!.GetValue<bool>());
        var rest = await Api.GetAsync(client, page["next"]!.GetValue<string>());
        Assert.Single(rest["data"]!.AsArray());
    }

    [Fact]
    public async Task GetWorkItem_WithIncludeDataFalse_LeavesThePayloadAndFilesOut()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.ReadWorkItems, Permissions.WriteWorkItems);
        using var client = Api.KeyClient(Server, key);
        var item = (await Api.PostAsync(client, $"/api/v1/workspaces/{ws}/work-items", new { process = new { id = process }, payload = new { secret = "s3" } }))
            ["id"]!.GetValue<string>();

        var without = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/work-items/{item}?include_data=false");
        Assert.Equal(item, without["id"]!.GetValue<string>());
        Assert.Null(without["payload"]);
        Assert.Null(without["files"]);
        Assert.DoesNotContain("s3", without.ToJsonString(), StringComparison.Ordinal);

        foreach (var query in new[] { string.Empty, "?include_data=true" })
        {
            var with = await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/work-items/{item}{query}");
            Assert.Equal("s3", with["payload"]!["secret"]!.GetValue<string>());
            Assert.Empty(with["files"]!.AsArray());
        }
    }

    /// <summary>The routes whose permission in Robocorp's document differs from Hangar's, with Robocorp's.</summary>
    public static TheoryData<string, string, string> RobocorpScopedRoutes() => new()
    {
        { "GET", "process-runs/{run}", Permissions.ReadProcesses },
        { "DELETE", "process-runs/{run}", Permissions.ReadRuns },
        { "GET", "process-runs/{run}/outputs", Permissions.ReadWorkItems },
        { "GET", "step-runs?process_run_id={run}", Permissions.ReadProcesses },
        { "GET", "step-runs/{step_run}/console-messages", Permissions.ReadRunOutputs },
        { "GET", "step-runs/{step_run}/events", Permissions.ReadRunOutputs },
        { "GET", "assets/{asset}/uploads/{upload}", Permissions.WriteAssets },
    };

    [Theory]
    [MemberData(nameof(RobocorpScopedRoutes))]
    public async Task AKeyScopedAsRobocorpDocuments_PassesTheRoute_AndAKeyWithNeitherPermissionDoesNot(string method, string route, string robocorp)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var run = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        var stepRun = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={run}"))["data"]![0]!["id"]!.GetValue<string>();
        var asset = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/assets", new { name = Api.Unique("asset") }))["id"]!.GetValue<string>();
        var upload = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/assets/{asset}/uploads", new { content_type = "text/plain" }))["id"]!
            .GetValue<string>();
        var path = $"/api/v1/workspaces/{ws}/" + route.Replace("{run}", run, StringComparison.Ordinal).Replace("{step_run}", stepRun, StringComparison.Ordinal)
            .Replace("{asset}", asset, StringComparison.Ordinal).Replace("{upload}", upload, StringComparison.Ordinal);

        var (_, robocorpKey) = await Api.NewKeyAsync(admin, ws, robocorp);
        using (var client = Api.KeyClient(Server, robocorpKey))
        using (var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)))
        {
            var body = await response.Content.ReadAsStringAsync();
            // A DELETE of a run still running is refused as such (409), past the permission check.
            Assert.True(response.StatusCode == (method == "DELETE" ? HttpStatusCode.Conflict : HttpStatusCode.OK), $"{method} {path}: {(int)response.StatusCode} {body}");
        }

        var (_, otherKey) = await Api.NewKeyAsync(admin, ws, Permissions.ReadWorkers);
        using (var client = Api.KeyClient(Server, otherKey))
        using (var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("missing_permission", await Json.ErrorCodeAsync(response));
        }
    }

    [Fact]
    public async Task LinkingAWorker_WithRobocorpsPermissionAlone_StillNeedsVaultAccess()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.WriteWorkers, Permissions.ReadWorkers);
        using var client = Api.KeyClient(Server, key);
        using var response = await client.PostAsync($"/api/v1/workspaces/{ws}/workers/link-tokens",
            Json.Body(new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("link_needs_vault_access", await Json.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task DeletingATaskPackageThatAProcessUses_Is409NamingTheProcess_AndDeletesNothing(DatabaseProvider provider)
    {
        await using var server = await HangarTestServer.StartAsync(provider);
        var ws = server.DefaultWorkspaceId;
        using var admin = await server.LoginAsAdminAsync();
        var package = await Api.SeedPackageAsync(server, ws, "Main");
        var name = Api.Unique("invoices");
        var process = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/processes",
            new { name, steps = new[] { new { task_package = new { id = package }, task = "Main" } } }))["id"]!.GetValue<string>();
        var (_, key) = await Api.NewKeyAsync(admin, ws, Permissions.WriteTaskPackages, Permissions.ReadTaskPackages);
        using var client = Api.KeyClient(server, key);

        using (var refused = await client.DeleteAsync($"/api/v1/workspaces/{ws}/task-packages/{package}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var error = (await Json.ReadAsync(refused))["error"]!;
            Assert.Equal("task_package_in_use", error["code"]!.GetValue<string>());
            Assert.Contains($"'{name}'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        await Api.GetAsync(client, $"/api/v1/workspaces/{ws}/task-packages/{package}");
        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{ws}/processes/{process}");
        await Api.DeleteJsonAsync(client, $"/api/v1/workspaces/{ws}/task-packages/{package}");
        using var gone = await client.GetAsync($"/api/v1/workspaces/{ws}/task-packages/{package}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RenamingAGroupLinkToken_KeepsTheExpiryItWasNotSent_AndANullExpiryStillClearsIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var group = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = Api.Unique("group") }))["id"]!.GetValue<string>();
        var expiry = DateTimeOffset.UtcNow.AddDays(2);
        var path = $"/api/v1/workspaces/{ws}/worker-groups/{group}/link-tokens";
        var token = (await Api.PostAsync(admin, path, new { name = "pool", expires_at = expiry }))["id"]!.GetValue<string>();

        var renamed = await Api.PutAsync(admin, $"{path}/{token}", new { name = "renamed" });
        Assert.Equal("renamed", renamed["name"]!.GetValue<string>());
        Assert.Equal(expiry, renamed["expires_at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));
        var read = await Api.GetAsync(admin, $"{path}/{token}");
        Assert.Equal(expiry, read["expires_at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));

        var later = expiry.AddDays(1);
        var extended = await Api.PutAsync(admin, $"{path}/{token}", new { expires_at = later });
        Assert.Equal("renamed", extended["name"]!.GetValue<string>());
        Assert.Equal(later, extended["expires_at"]!.GetValue<DateTimeOffset>(), TimeSpan.FromSeconds(1));

        var permanent = await Api.PutAsync(admin, $"{path}/{token}", new Dictionary<string, object?> { ["expires_at"] = null });
        Assert.Null(permanent["expires_at"]);
        Assert.Equal("renamed", permanent["name"]!.GetValue<string>());
    }
}
