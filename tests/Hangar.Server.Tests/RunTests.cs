using System.Net;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Starting and reading runs over v1 as an integrator does; runs wait for a worker.</summary>
public class RunTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Ws => Server.DefaultWorkspaceId;

    [Fact]
    public async Task StartWithAnEmptyBody_QueuesOneStepRunWithTheDefaultPayload()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin, defaultPayload: new { greeting = "hi" });
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses, Permissions.ReadRuns, Permissions.ReadWorkItems);
        using var client = Api.KeyClient(Server, key);
        using var response = await client.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", null);
        var started = await Api.OkJsonAsync(response);
        Assert.True(started["started"]!.GetValue<bool>());
        var runId = started["id"]!.GetValue<string>();

        var run = await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/process-runs/{runId}");
        Assert.Equal("new", run["state"]!.GetValue<string>());
        Assert.Equal(1, run["number"]!.GetValue<long>());
        Assert.Equal(process, run["process"]!["id"]!.GetValue<string>());
        Assert.Equal("api", run["started_by"]!["type"]!.GetValue<string>());

        var stepRuns = await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/step-runs?process_run_id={runId}");
        var stepRun = Assert.Single(stepRuns["data"]!.AsArray())!;
        Assert.Equal("awaiting_worker", stepRun["state"]!.GetValue<string>());
        Assert.Equal("Do it", stepRun["step"]!["name"]!.GetValue<string>());

        var items = await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={runId}");
        var item = Assert.Single(items["data"]!.AsArray())!;
        Assert.Equal("pending", item["state"]!.GetValue<string>());
        var full = await Api.GetAsync(client, $"/api/v1/workspaces/{Ws}/work-items/{item["id"]}");
        Assert.Equal("hi", full["payload"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartWithPayloads_MakesOneItemEach_AndUpToMaxParallelStepRuns()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin, maxParallel: 2);
        var started = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 }, new { n = 2 }, "three" } });
        var runId = started["id"]!.GetValue<string>();
        var items = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={runId}");
        Assert.Equal(3, items["data"]!.AsArray().Count);
        var stepRuns = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs?process_run_id={runId}");
        Assert.Equal(2, stepRuns["data"]!.AsArray().Count);
        var run = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}");
        Assert.Equal("user", run["started_by"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task InputQueueItems_StartRuns_ByIdOrAllTogether_AndAreTakenOnce()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var first = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process }, payload = new { a = 1 } }))["id"]!.GetValue<string>();
        var second = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process }, payload = new { a = 2 } }))["id"]!.GetValue<string>();
        Assert.Equal("new", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{first}"))["state"]!.GetValue<string>());

        var byId = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_work_item_ids", work_item_ids = new[] { first } });
        var taken = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{first}");
        Assert.Equal(byId["id"]!.GetValue<string>(), taken["process_run"]!["id"]!.GetValue<string>());
        Assert.Equal("pending", taken["state"]!.GetValue<string>());

        var runsBefore = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray().Count;
        using (var again = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
                   Json.Body(new { type = "with_work_item_ids", work_item_ids = new[] { first, second } })))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("work_item_not_available", await Json.ErrorCodeAsync(again));
        }

        Assert.Equal(runsBefore, (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray().Count);
        Assert.Equal("new", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{second}"))["state"]!.GetValue<string>());

        var inputs = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { type = "with_inputs" });
        Assert.True(inputs["started"]!.GetValue<bool>());
        var empty = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { type = "with_inputs" });
        Assert.False(empty["started"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("{", HttpStatusCode.BadRequest, "invalid_json")]
    [InlineData("""{"type":"with_magic"}""", HttpStatusCode.BadRequest, "invalid_start_type")]
    [InlineData("""{"type":"with_payloads","payloads":[]}""", HttpStatusCode.BadRequest, "invalid_payloads")]
    [InlineData("""{"type":"with_work_item_ids","work_item_ids":["nope"]}""", HttpStatusCode.BadRequest, "invalid_work_item_ids")]
    [InlineData("""{"callback":{"url":"ftp://example.com"}}""", HttpStatusCode.BadRequest, "invalid_callback")]
    [InlineData("""{"callback":{"url":"https://example.com/hook","callback_events":["exploded"]}}""", HttpStatusCode.BadRequest, "invalid_callback")]
    public async Task BadStartBodies_AreRefused_AndStartNothing(string body, HttpStatusCode status, string code)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", Json.Body(body));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await Json.ErrorCodeAsync(response));
        Assert.Empty((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }

    [Fact]
    public async Task Starting_IsRefusedForAnUnknownProcess_AProcessWithoutSteps_AndAnOversizedPayload()
    {
        using var admin = await Server.LoginAsAdminAsync();
        using (var unknown = await Api.PostEmptyAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{Guid.CreateVersion7()}/process-runs"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var empty = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes", new { name = Api.Unique("empty") }))["id"]!.GetValue<string>();
        using (var noSteps = await Api.PostEmptyAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{empty}/process-runs"))
        {
            Assert.Equal(HttpStatusCode.Conflict, noSteps.StatusCode);
            Assert.Equal("process_has_no_steps", await Json.ErrorCodeAsync(noSteps));
        }

        var process = await Api.NewProcessAsync(Server, admin);
        var big = "{\"type\":\"with_payloads\",\"payloads\":[\"" + new string('x', 1_100_000) + "\"]}";
        using var tooBig = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", Json.Body(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("payload_too_large", await Json.ErrorCodeAsync(tooBig));
    }

    [Fact]
    public async Task IdempotencyKey_ReturnsTheFirstRun_AndRefusesADifferentBody()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> StartAsync(string body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs") { Content = Json.Body(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await admin.SendAsync(request);
        }

        const string body = """{"type":"with_payloads","payloads":[{"order":42}]}""";
        using var first = await StartAsync(body);
        using var retry = await StartAsync(body);
        var firstId = (await Api.OkJsonAsync(first))["id"]!.GetValue<string>();
        Assert.Equal(firstId, (await Api.OkJsonAsync(retry))["id"]!.GetValue<string>());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());

        using var other = await StartAsync("""{"type":"with_payloads","payloads":[{"order":43}]}""");
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("idempotency_key_reused", await Json.ErrorCodeAsync(other));
    }

    [Fact]
    public async Task IntegrationsRoute_TakesTheKeyInTheQuery_AndTheWholeBodyAsPayload()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var (_, key) = await Api.NewKeyAsync(admin, Ws, Permissions.TriggerProcesses);
        using var anonymous = Server.CreateClient();
        using var response = await anonymous.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations?token={key}",
            Json.Body("""{"event":"ticket.created","id":7}"""));
        var runId = (await Api.OkJsonAsync(response))["id"]!.GetValue<string>();
        var item = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={runId}"))["data"]![0]!;
        var payload = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item["id"]}"))["payload"]!;
        Assert.Equal("ticket.created", payload["event"]!.GetValue<string>());

        using var badToken = await anonymous.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs-integrations?token=hgk_nope", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        // Only that route reads keys from the URL.
        using var elsewhere = await anonymous.GetAsync($"/api/v1/workspaces/{Ws}/process-runs?token={key}");
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Stop_EndsQueuedWork_AndOnlyAFinishedRunCanBeDeleted()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new[] { 1, 2 } }))["id"]!.GetValue<string>();

        using (var early = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("run_active", await Json.ErrorCodeAsync(early));
        }

        var stopped = await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}/stop",
            new { set_remaining_work_items_as_done = false, terminate_ongoing_activity_runs = true, reason = "wrong input" });
        Assert.True(stopped["accepted"]!.GetValue<bool>());
        var run = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}");
        // Robocorp's state for a stopped run is "stopping"; Hangar's own says the stop has ended.
        Assert.Equal("stopping", run["state"]!.GetValue<string>());
        Assert.Equal("stopped", run["hangar_state"]!.GetValue<string>());
        Assert.Equal("wrong input", run["stop_reason"]!.GetValue<string>());
        var stepRun = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/step-runs?process_run_id={runId}"))["data"]![0]!;
        Assert.Equal("failed", stepRun["state"]!.GetValue<string>());
        Assert.Equal("stopped", stepRun["error"]!["code"]!.GetValue<string>());
        var items = (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        Assert.All(items, i => Assert.Equal("failed", i!["state"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal("orchestrator", i!["exception"]!["type"]!.GetValue<string>()));

        using (var twice = await admin.PostAsync($"/api/v1/workspaces/{Ws}/process-runs/{runId}/stop", Json.Body("{}")))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        using (var retry = await admin.PostAsync($"/api/v1/workspaces/{Ws}/work-items/batch",
                   Json.Body(new { batch_operation = "retry", work_item_ids = items.Select(i => i!["id"]!.GetValue<string>()) })))
        {
            Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        }

        using (var delete = await Api.DeleteAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{runId}"))
        {
            await Api.OkJsonAsync(delete);
        }

        using var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/process-runs/{runId}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task RunList_IsNewestFirst_FiltersByProcessAndState_AndPages()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/processes/{process}/process-runs", new { }))["id"]!.GetValue<string>());
        }

        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs/{ids[0]}/stop", new { });
        var page1 = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}&limit=2");
        Assert.Equal([ids[2], ids[1]], page1["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var page2 = await Api.GetAsync(admin, page1["next"]!.GetValue<string>());
        Assert.Equal([ids[0]], page2["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var stopped = await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}&state=stopped");
        Assert.Equal([ids[0]], stopped["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal([3L, 2L], page1["data"]!.AsArray().Select(r => r!["number"]!.GetValue<long>()));

        using var badState = await admin.GetAsync($"/api/v1/workspaces/{Ws}/process-runs?state=running");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Equal("invalid_state", await Json.ErrorCodeAsync(badState));
    }

    [Fact]
    public async Task WorkItems_PayloadEditAndMarkAsDone()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        var item = (await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items", new { process = new { id = process }, payload = new { v = 1 } }))["id"]!.GetValue<string>();
        var edited = await Api.PutAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}/payload", new { payload = new { v = 2 } });
        Assert.Equal(2, edited["payload"]!["v"]!.GetValue<int>());
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/batch", new { batch_operation = "mark_as_done", work_item_ids = new[] { item } });
        Assert.Equal("done", (await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/{item}"))["state"]!.GetValue<string>());

        using var bad = await admin.PostAsync($"/api/v1/workspaces/{Ws}/work-items/batch", Json.Body(new { batch_operation = "explode", work_item_ids = new[] { item } }));
        Assert.Equal("invalid_batch_operation", await Json.ErrorCodeAsync(bad));
        using var unknown = await admin.PostAsync($"/api/v1/workspaces/{Ws}/work-items/batch",
            Json.Body(new { batch_operation = "delete", work_item_ids = new[] { Guid.CreateVersion7().ToString() } }));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await Api.PostAsync(admin, $"/api/v1/workspaces/{Ws}/work-items/batch", new { batch_operation = "delete", work_item_ids = new[] { item } });
        using var gone = await admin.GetAsync($"/api/v1/workspaces/{Ws}/work-items/{item}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Wait_AnswersWithTheRunAsItStands()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var process = await Api.NewProcessAsync(Server, admin);
        using var response = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs?wait=1", Json.Body("{}"));
        var run = await Api.OkJsonAsync(response);
        Assert.Equal("new", run["state"]!.GetValue<string>());
        Assert.NotNull(run["id"]);
        using var bad = await admin.PostAsync($"/api/v1/workspaces/{Ws}/processes/{process}/process-runs?wait=301", Json.Body("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("invalid_wait", await Json.ErrorCodeAsync(bad));
        Assert.Single((await Api.GetAsync(admin, $"/api/v1/workspaces/{Ws}/process-runs?process_id={process}"))["data"]!.AsArray());
    }
}
