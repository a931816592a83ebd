using System.Diagnostics;
using System.Net;
using System.Text;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public class WorkerProtocolTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Claim_KeepsHowTheWorkerIsolatesRobots_AndTheWorkerListShowsIt_AndAnUnknownLevelIsRefused()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (workerId, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        Assert.Null((await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/workers/{workerId}"))["isolation"]);

        using (var claim = await worker.PostAsync("/worker-v1/claim", Json.Body(new { wait_seconds = 0, isolation = "sandbox" })))
        {
            Assert.Equal(HttpStatusCode.NoContent, claim.StatusCode);
        }

        Assert.Equal("sandbox", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/workers/{workerId}"))["isolation"]!.GetValue<string>());
        var listed = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/workers"))["data"]!.AsArray().Single()!;
        Assert.Equal("sandbox", listed["isolation"]!.GetValue<string>());

        // A claim that does not say (an older worker) keeps what the worker said last.
        using (var quiet = await Workers.ClaimAsync(worker))
        {
            Assert.Equal(HttpStatusCode.NoContent, quiet.StatusCode);
        }

        Assert.Equal("sandbox", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/workers/{workerId}"))["isolation"]!.GetValue<string>());
        using var bogus = await worker.PostAsync("/worker-v1/claim", Json.Body(new { wait_seconds = 0, isolation = "chroot" }));
        Assert.Equal(HttpStatusCode.BadRequest, bogus.StatusCode);
        Assert.Equal("invalid_isolation", await Json.ErrorCodeAsync(bogus));
    }

    [Fact]
    public async Task ClaimedStepRun_RunsToTheEnd_AndTheRunEndsUnresolvedForItemsLeftBehind()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (workerId, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        using (var idle = await Workers.ClaimAsync(worker))
        {
            Assert.Equal(HttpStatusCode.NoContent, idle.StatusCode);
        }

        var process = await Workers.ProcessAsync(Server, admin, ws);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 }, new { n = 2 }, new { n = 3 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        Assert.Equal(runId, assignment["process_run_id"]!.GetValue<string>());
        Assert.Equal("Main", assignment["task"]!.GetValue<string>());
        Assert.Equal(0, assignment["step"]!["position"]!.GetValue<int>());
        Assert.StartsWith("hgr_", assignment["run_token"]!.GetValue<string>(), StringComparison.Ordinal);
        var env = assignment["env"]!;
        Assert.Equal(assignment["work_item_id"]!.GetValue<string>(), env["RC_WORKITEM_ID"]!.GetValue<string>());
        Assert.Equal(stepRunId, env["RC_ACTIVITY_RUN_ID"]!.GetValue<string>());
        Assert.Equal(assignment["run_token"]!.GetValue<string>(), env["RC_API_WORKITEM_TOKEN"]!.GetValue<string>());
        Assert.StartsWith("http", assignment["package"]!["download_url"]!.GetValue<string>(), StringComparison.Ordinal);

        var run = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
        Assert.Equal("in_progress", run["state"]!.GetValue<string>());
        var shown = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/workers/{workerId}");
        Assert.Equal("busy", shown["state"]!.GetValue<string>());

        var beat = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/heartbeat", new { });
        Assert.False(beat["cancel"]!.GetValue<bool>());

        var lines = new[]
        {
            new { sequence = 1, timestamp = DateTimeOffset.UtcNow, stream = "stderr", message = "second\0line" },
            new { sequence = 0, timestamp = DateTimeOffset.UtcNow, stream = "stdout", message = "first line" },
        };
        Assert.Equal(2, (await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/console", new { messages = lines }))["accepted"]!.GetValue<int>());
        Assert.Equal(0, (await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/console", new { messages = lines }))["accepted"]!.GetValue<int>());

        using (var upload = await worker.PutAsync($"/worker-v1/step-runs/{stepRunId}/artifacts?name=logs/out.txt",
                   new ByteArrayContent(Encoding.UTF8.GetBytes("artifact body"))))
        {
            Assert.Equal(13, (await Api.OkJsonAsync(upload))["size"]!.GetValue<long>());
        }

        using (var escaping = await worker.PutAsync($"/worker-v1/step-runs/{stepRunId}/artifacts?name=../x", new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, escaping.StatusCode);
            Assert.Equal("invalid_artifact_name", await Json.ErrorCodeAsync(escaping));
        }

        var done = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });
        Assert.Equal("completed", done["state"]!.GetValue<string>());

        // The robot exited well holding its item without releasing it: the item is done. The two items it did not
        // reach get another step run, as Control Room runs a robot again while its step has items left.
        run = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
        Assert.Equal("in_progress", run["state"]!.GetValue<string>());
        var items = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        Assert.Equal(1, items.Count(i => i!["state"]!.GetValue<string>() == "done"));
        Assert.Equal(2, items.Count(i => i!["state"]!.GetValue<string>() == "pending"));
        var stepRuns = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray();
        Assert.Equal(["completed", "awaiting_worker"], stepRuns.Select(r => r!["state"]!.GetValue<string>()));
        var console = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray();
        Assert.Equal(["first line", "second\uFFFDline"], console.Select(m => m!["message"]!.GetValue<string>()));
        var artifacts = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts"))["data"]!.AsArray();
        Assert.Equal("logs/out.txt", artifacts.Single()!["name"]!.GetValue<string>());
        var events = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/events"))["data"]!.AsArray();
        Assert.Equal(["queued", "started", "completed"], events.Select(e => e!["event_type"]!.GetValue<string>()));

        using var late = await worker.PostAsync($"/worker-v1/step-runs/{stepRunId}/heartbeat", Json.Body(new { }));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("step_run_not_held", await Json.ErrorCodeAsync(late));
    }

    [Fact]
    public async Task WaitingClaim_IsWokenAtOnce_WhenARunStarts()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var watch = Stopwatch.StartNew();
        var claim = Workers.ClaimAsync(worker, 20);
        await Task.Delay(300);
        await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var response = await claim;
        await Api.OkJsonAsync(response);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"the claim took {watch.Elapsed}");
    }

    [Fact]
    public async Task GroupedStep_GoesOnlyToWorkersOfTheGroup()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var groupId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/worker-groups", new { name = "gpu" }))["id"]!.GetValue<string>();
        var (_, outsider) = await Workers.LinkAsync(Server, admin, ws);
        var (_, member) = await Workers.LinkAsync(Server, admin, ws, groupId);
        using var a = outsider;
        using var b = member;
        var process = await Workers.ProcessAsync(Server, admin, ws, groupId: groupId);
        await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using (var refused = await Workers.ClaimAsync(outsider))
        {
            Assert.Equal(HttpStatusCode.NoContent, refused.StatusCode);
        }

        using var taken = await Workers.ClaimAsync(member);
        await Api.OkJsonAsync(taken);
    }

    [Fact]
    public async Task CompletedStep_QueuesTheNextStep_WithTheOutputsAsItsInputs()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws, steps: 2);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var first = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(first);
        using var robot = new Robot(Server, ws, process, runId, assignment["step_run_id"]!.GetValue<string>(), assignment["run_token"]!.GetValue<string>());
        var item = assignment["work_item_id"]!.GetValue<string>();
        using (var output = await robot.Http.PostAsync($"{robot.Pr}work-items/{item}/output", Json.Body(new { payload = new { out_ = 1 } })))
        {
            await Api.OkJsonAsync(output);
        }

        using (var release = await robot.Http.PostAsync($"{robot.Run}release-work-item", Json.Body(new { workItemId = item, state = "COMPLETED" })))
        {
            await Api.OkJsonAsync(release);
        }

        await Api.PostAsync(worker, $"/worker-v1/step-runs/{robot.StepRunId}/complete", new { exit_code = 0 });
        using var second = await Workers.ClaimAsync(worker);
        var next = await Api.OkJsonAsync(second);
        Assert.Equal(1, next["step"]!["position"]!.GetValue<int>());
        Assert.NotNull(next["work_item_id"]?.GetValue<string>());
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{next["step_run_id"]!.GetValue<string>()}/complete", new { exit_code = 1 });
        var run = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
        Assert.Equal("unresolved", run["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task StoppedRun_IsCancelledAtTheNextHeartbeat_AndEndsStoppedWhenTheWorkerReports()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var stepRunId = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();
        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}/stop",
            new { set_remaining_work_items_as_done = false, terminate_ongoing_activity_runs = true });
        Assert.Equal("stopping", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["state"]!.GetValue<string>());

        var beat = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/heartbeat", new { });
        Assert.True(beat["cancel"]!.GetValue<bool>());
        var done = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = -9, error_code = "stopped" });
        Assert.Equal("stopped", done["error_code"]!.GetValue<string>());
        Assert.Equal("stopped", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["hangar_state"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkerCredential_OnlyOpensTheWorkerProtocol()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        using var response = await worker.GetAsync($"/api/v1/workspaces/{ws}/workers");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var bad = Server.CreateClient();
        bad.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "hgw_not-a-real-credential");
        using var refused = await Workers.ClaimAsync(bad);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
