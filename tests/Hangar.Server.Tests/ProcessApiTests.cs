using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The legacy Process API (<c>/process-v1</c>) as RPA.Robocorp.Process calls it, and the deprecated process secret.</summary>
public class ProcessApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task TheSeedsCurl_StartsARun()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses);
        using var client = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/process-v1/workspaces/{Ws}/processes/{process}/runs")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("accept", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        using var response = await client.SendAsync(request);
        var started = await Api.OkJsonAsync(response);
        var runId = started["id"]!.GetValue<string>();
        Assert.Equal(1, started["processRunNo"]!.GetValue<long>());
        var item = Assert.Single(started["workItemIds"]!.AsArray())!.GetValue<string>();
        var full = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}");
        Assert.Null(full["payload"]);
        Assert.Equal(runId, full["process_run"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Runs_AcceptAPayloadWithoutContentType_AndBatchesStartOneRunEach()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses, Permissions.ReadRuns, Permissions.ReadWorkItems, Permissions.ReadProcesses);
        using var client = Api.KeyClient(Server, key);
        var bare = new ByteArrayContent("""{"customer":"ACME"}"""u8.ToArray());
        using var single = await client.PostAsync($"/process-v1/workspaces/{Ws}/processes/{process}/runs", bare);
        var runId = (await Api.OkJsonAsync(single))["id"]!.GetValue<string>();
        var items = await Api.GetAsync(client, $"/process-v1/workspaces/{Ws}/processes/{process}/runs/{runId}/work-items?includeData=true");
        Assert.Equal("ACME", items["data"]![0]!["payload"]!["customer"]!.GetValue<string>());
        Assert.Equal("PENDING", items["data"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(runId, items["data"]![0]!["processRunId"]!.GetValue<string>());

        var batch = await Api.PostAsync(client, $"/process-v1/workspaces/{Ws}/processes/{process}/runs-batch", new object[] { new { n = 1 }, new { n = 2 } });
        Assert.Equal(2, batch["data"]!.AsArray().Count);

        var runs = await Api.GetAsync(client, $"/process-v1/workspaces/{Ws}/processes/{process}/runs?limit=10");
        Assert.Equal(3, runs["data"]!.AsArray().Count);
        Assert.All(runs["data"]!.AsArray(), r => Assert.Equal("NEW", r!["state"]!.GetValue<string>()));
        var one = await Api.GetAsync(client, $"/process-v1/workspaces/{Ws}/processes/{process}/runs/{runId}");
        Assert.Equal(process, one["processId"]!.GetValue<string>());

        using var pruns = await client.GetAsync($"/process-v1/workspaces/{Ws}/pruns?limit=5");
        var array = JsonNode.Parse(await pruns.Content.ReadAsStringAsync())!.AsArray();
        Assert.True(array.Count is > 0 and <= 5);
        Assert.NotNull(array[0]!["state"]);

        var processes = await Api.GetAsync(client, $"/process-v1/workspaces/{Ws}/processes");
        Assert.Contains(processes["data"]!.AsArray(), p => p!["id"]!.GetValue<string>() == process);

        var stepRunId = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs?process_run_id={runId}"))["data"]![0]!["id"]!.GetValue<string>();
        var robotRun = await Api.GetAsync(client, $"/process-v1/workspaces/{Ws}/processes/{process}/runs/{runId}/robotRuns/{stepRunId}");
        Assert.Equal("AWAITING_WORKER", robotRun["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkItems_AreCreatedInTheQueue_AndStartRunsByRequest()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var created = await Api.PostAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items", new { payload = new { x = 1 } });
        var itemId = created["id"]!.GetValue<string>();
        var item = await Api.GetAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items/{itemId}?includeData=true");
        Assert.Equal("NEW", item["state"]!.GetValue<string>());
        Assert.Equal(1, item["payload"]!["x"]!.GetValue<int>());

        var started = await Api.PostAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/run-request", new { type = "workItemIds", workItemIds = new[] { itemId } });
        Assert.Equal(itemId, Assert.Single(started["workItemIds"]!.AsArray())!.GetValue<string>());
        var byDefault = await Api.PostAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/run-request", new { type = "default" });
        Assert.NotNull(byDefault["id"]);

        var list = await Api.GetAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items?includeData=false");
        Assert.Equal(2, list["data"]!.AsArray().Count);
        Assert.All(list["data"]!.AsArray(), i => Assert.Null(i!["payload"]));

        using var retry = await Api.PostEmptyAsync(admin, $"/process-v1/workspaces/{Ws}/processes/{process}/work-items/{itemId}/retry");
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        var error = await Json.ReadAsync(retry);
        Assert.Equal(409, error["status"]!.GetValue<int>());
        Assert.Equal("invalid_state", error["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task LegacyErrors_HaveTheShapeItsClientsRead()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using var unknown = await admin.PostAsync($"/process-v1/workspaces/{Ws}/processes/{Guid.CreateVersion7()}/runs", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var body = await Json.ReadAsync(unknown);
        Assert.Equal(404, body["status"]!.GetValue<int>());
        Assert.Equal("not_found", body["error"]!["code"]!.GetValue<string>());
        using var badBatch = await admin.PostAsync($"/process-v1/workspaces/{Ws}/processes/{await Api.NewProcessAsync(Server, admin)}/runs-batch", Json.Body("{}"));
        Assert.Equal("invalid_batch", (await Json.ReadAsync(badBatch))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ProcessSecret_StartsOnlyItsProcess_IsDeprecated_AndCanBeRevoked()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var other = await Api.NewProcessAsync(Server, admin);
        var secret = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret", new { }))["secret"]!.GetValue<string>();
        Assert.True((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret"))["exists"]!.GetValue<bool>());

        async Task<HttpResponseMessage> StartAsync(string processId, string value)
        {
            using var client = Server.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/workspace-v1/workspaces/{Ws}/processes/{processId}/runs") { Content = Json.Body("""{"order":9}""") };
            request.Headers.Add("robocloud-process-secret", value);
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }

        using (var ok = await StartAsync(process, secret))
        {
            Assert.NotNull((await Api.OkJsonAsync(ok))["id"]);
            Assert.Equal("true", ok.Headers.GetValues("Deprecation").Single());
            Assert.Contains("successor-version", ok.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        }

        using (var wrongProcess = await StartAsync(other, secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongProcess.StatusCode);
            Assert.Equal("invalid_process_secret", (await Json.ReadAsync(wrongProcess))["code"]!.GetValue<string>());
        }

        using (var onV1 = Server.CreateClient())
        {
            onV1.DefaultRequestHeaders.Add("robocloud-process-secret", secret);
            using var response = await onV1.GetAsync($"/api/v1/workspaces/{Ws}/processes/{process}");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var revoke = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-secret"))
        {
            await Api.OkJsonAsync(revoke);
        }

        using var revoked = await StartAsync(process, secret);
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }
}
