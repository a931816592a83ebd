using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// v1 <c>POST .../process-runs/{id}/stop</c> with and without <c>terminate_ongoing_activity_runs</c>, a worker simulated
/// over <c>/worker-v1</c> and a robot over process-v1 with its run token.
/// </summary>
public class StopTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task StopWithoutTerminating_LetsTheRobotFinish_ThenTheRunEndsStoppedWithoutTheNextStep()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws, steps: 2);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 }, new { n = 3 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        using var robot = new Robot(Server, ws, process, runId, assignment["step_run_id"]!.GetValue<string>(), assignment["run_token"]!.GetValue<string>());
        var held = assignment["work_item_id"]!.GetValue<string>();

        await StopAsync(admin, ws, runId, terminate: false, remainingDone: false);
        Assert.Equal("stopping", await RunStateAsync(admin, ws, runId));
        var beat = await Api.PostAsync(worker, $"/worker-v1/step-runs/{robot.StepRunId}/heartbeat", new { });
        Assert.False(beat["cancel"]!.GetValue<bool>());
        using (var stopAgain = await admin.PostAsync($"/api/v1/workspaces/{ws}/process-runs/{runId}/stop", Json.Body("{}")))
        {
            Assert.Equal("run_not_active", await Json.ErrorCodeAsync(stopAgain));
        }

        // The robot finishes the item it holds: an output (for a step that will not run) and a release; nothing more to reserve.
        using (var output = await robot.Http.PostAsync($"{robot.Pr}work-items/{held}/output", Json.Body(new { payload = new { out_ = 1 } })))
        {
            await Api.OkJsonAsync(output);
        }

        using (var release = await robot.Http.PostAsync($"{robot.Run}release-work-item", Json.Body(new { workItemId = held, state = "COMPLETED" })))
        {
            await Api.OkJsonAsync(release);
        }

        using (var reserve = await robot.Http.PostAsync($"{robot.Run}reserve-next-work-item", Json.Body("")))
        {
            Assert.Null((await Api.OkJsonAsync(reserve))["workItemId"]?.GetValue<string>());
        }

        var done = await Api.PostAsync(worker, $"/worker-v1/step-runs/{robot.StepRunId}/complete", new { exit_code = 0 });
        Assert.Equal("completed", done["state"]!.GetValue<string>());
        Assert.Equal("stopped", await RunStateAsync(admin, ws, runId));
        var stepRuns = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray();
        Assert.Single(stepRuns);
        using (var none = await Workers.ClaimAsync(worker))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, none.StatusCode);
        }

        var items = await ItemsAsync(admin, ws, runId);
        Assert.Equal("done", items[held]["state"]!.GetValue<string>());
        var others = items.Where(i => i.Key != held).Select(i => i.Value).ToList();
        Assert.Equal(3, others.Count);
        Assert.All(others, i => Assert.Equal("failed", i["state"]!.GetValue<string>()));
        Assert.All(others, i => Assert.Equal("run_stopped", i["exception"]!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task StopTerminating_CancelsTheRobotAtTheNextHeartbeat()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws, steps: 2);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 });
        using var claim = await Workers.ClaimAsync(worker);
        var stepRunId = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();

        await StopAsync(admin, ws, runId, terminate: true, remainingDone: true);
        Assert.Equal("stopping", await RunStateAsync(admin, ws, runId));
        var beat = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/heartbeat", new { });
        Assert.True(beat["cancel"]!.GetValue<bool>());
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = -9, error_code = "stopped" });
        Assert.Equal("stopped", await RunStateAsync(admin, ws, runId));
        Assert.Single((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray());
        // Asked for "done": the item the robot held is done as well, since the stop ended the robot itself.
        Assert.All((await ItemsAsync(admin, ws, runId)).Values, i => Assert.Equal("done", i["state"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunWithOnlyQueuedStepRuns_StopsAtOnce(bool terminate)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });

        await StopAsync(admin, ws, runId, terminate, remainingDone: false);
        Assert.Equal("stopped", await RunStateAsync(admin, ws, runId));
        var stepRun = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]![0]!;
        Assert.Equal("failed", stepRun["state"]!.GetValue<string>());
        Assert.Equal("stopped", stepRun["error"]!["code"]!.GetValue<string>());
        using var none = await Workers.ClaimAsync(worker);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, none.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunInProgressWhoseNextStepIsQueued_StopsAtOnce(bool terminate)
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws, steps: 2);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        using var robot = new Robot(Server, ws, process, runId, assignment["step_run_id"]!.GetValue<string>(), assignment["run_token"]!.GetValue<string>());
        using (var output = await robot.Http.PostAsync($"{robot.Pr}work-items/{assignment["work_item_id"]!.GetValue<string>()}/output",
                   Json.Body(new { payload = new { out_ = 1 } })))
        {
            await Api.OkJsonAsync(output);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{robot.StepRunId}/complete", new { exit_code = 0 });
        Assert.Equal("in_progress", await RunStateAsync(admin, ws, runId));

        await StopAsync(admin, ws, runId, terminate, remainingDone: true);
        Assert.Equal("stopped", await RunStateAsync(admin, ws, runId));
        using var none = await Workers.ClaimAsync(worker);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, none.StatusCode);
        Assert.All((await ItemsAsync(admin, ws, runId)).Values, i => Assert.Equal("done", i["state"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RunList_ByStateStopping_ListsRunsWaitingForTheirRobots_NotStoppedOnes()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var busy = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using (var claim = await Workers.ClaimAsync(worker))
        {
            await Api.OkJsonAsync(claim);
        }

        var idle = await Workers.StartAsync(admin, ws, process, new { n = 2 });

        await StopAsync(admin, ws, busy, terminate: false, remainingDone: false);
        await StopAsync(admin, ws, idle, terminate: false, remainingDone: false);

        Assert.Equal(("stopping", "stopped"), (await RunStateAsync(admin, ws, busy), await RunStateAsync(admin, ws, idle)));
        var stopping = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?state=stopping");
        Assert.Equal([busy], stopping["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var stopped = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs?state=stopped");
        Assert.Equal([idle], stopped["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
    }

    private static async Task StopAsync(HttpClient admin, string ws, string runId, bool terminate, bool remainingDone)
    {
        var answer = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}/stop",
            new { set_remaining_work_items_as_done = remainingDone, terminate_ongoing_activity_runs = terminate, reason = "test" });
        Assert.True(answer["accepted"]!.GetValue<bool>());
    }

    private static async Task<string> RunStateAsync(HttpClient admin, string ws, string runId) =>
        (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["hangar_state"]!.GetValue<string>();

    private static async Task<Dictionary<string, JsonNode>> ItemsAsync(HttpClient admin, string ws, string runId) =>
        (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray()
        .ToDictionary(i => i!["id"]!.GetValue<string>(), i => i!);
}
