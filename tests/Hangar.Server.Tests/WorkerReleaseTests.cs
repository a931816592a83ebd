using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary><c>POST /worker-v1/step-runs/{id}/release</c>: a stopping worker gives back a step run whose robot it had to end.</summary>
public class WorkerReleaseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Release_QueuesTheStepRunAgain_WithItsItemPending_AsAWorkerLoss_AndAnotherWorkerTakesIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        var (_, other) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        using var __ = other;
        // No retries on worker loss: a give-back is not the robot's failure and is queued again all the same.
        var process = await Workers.ProcessAsync(Server, admin, ws, retries: 0);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        var stepRunId = assignment["step_run_id"]!.GetValue<string>();
        var itemId = assignment["work_item_id"]!.GetValue<string>();

        var released = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/release", new { });

        Assert.Equal("awaiting_worker", released["state"]!.GetValue<string>());
        var stepRun = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}");
        Assert.Equal("awaiting_worker", stepRun["state"]!.GetValue<string>());
        Assert.Equal("in_progress", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["state"]!.GetValue<string>());
        Assert.Equal("pending", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items/{itemId}"))["state"]!.GetValue<string>());
        var events = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/events"))["data"]!.AsArray()
            .Select(e => e!["event_type"]!.GetValue<string>());
        Assert.Contains("worker_lost", events);

        // Given back, it is no longer the worker's (as if never claimed); another worker claims it, with its item.
        using (var again = await worker.PostAsync($"/worker-v1/step-runs/{stepRunId}/release", Json.Body(new { })))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Equal("step_run_not_found", await Json.ErrorCodeAsync(again));
        }

        using var reclaim = await Workers.ClaimAsync(other);
        var second = await Api.OkJsonAsync(reclaim);
        Assert.Equal(stepRunId, second["step_run_id"]!.GetValue<string>());
        Assert.Equal(itemId, second["work_item_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Release_OfAStoppingRun_EndsTheStepRun_AndTheRunStops()
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
            new { set_remaining_work_items_as_done = false, terminate_ongoing_activity_runs = false });

        var released = await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/release", new { });

        Assert.Equal("failed", released["state"]!.GetValue<string>());
        Assert.Equal("stopped", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["hangar_state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Release_OfAnotherWorkersStepRun_IsNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        var (_, other) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        using var __ = other;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var claim = await Workers.ClaimAsync(worker);
        var stepRunId = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();

        using var refused = await other.PostAsync($"/worker-v1/step-runs/{stepRunId}/release", Json.Body(new { }));

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("step_run_not_found", await Json.ErrorCodeAsync(refused));
        Assert.Equal("in_progress", (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}"))["state"]!.GetValue<string>());
    }
}
