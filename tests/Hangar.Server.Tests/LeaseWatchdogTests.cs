using System.Net;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

public sealed class LeaseWatchdogTests : IAsyncLifetime
{
    private HangarTestServer? _server;

    private HangarTestServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await HangarTestServer.StartAsync(configure: o =>
        {
            o.LeaseSeconds = 1;
            o.WatchdogIntervalSeconds = 0.2;
        });

    public async Task DisposeAsync() => await Server.DisposeAsync();

    [Fact]
    public async Task LapsedLease_QueuesTheStepRunAgain_ThenFailsItWithWorkerLost()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws, retries: 1);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
        using var first = await Workers.ClaimAsync(worker);
        var stepRunId = (await Api.OkJsonAsync(first))["step_run_id"]!.GetValue<string>();

        // No heartbeat: the watchdog takes the step run back and it is claimed again (attempt 2)...
        using var second = await Workers.ClaimAsync(worker, 10);
        Assert.Equal(stepRunId, (await Api.OkJsonAsync(second))["step_run_id"]!.GetValue<string>());

        // ... then, with no retry left, it fails and the run ends unresolved with the held item failed.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string state;
        do
        {
            await Task.Delay(200);
            state = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/process-runs/{runId}"))["state"]!.GetValue<string>();
        }
        while (state == "in_progress" && DateTime.UtcNow < deadline);

        Assert.Equal("unresolved", state);
        var stepRun = await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}");
        Assert.Equal("failed", stepRun["state"]!.GetValue<string>());
        Assert.Equal("worker_lost", stepRun["error"]!["code"]!.GetValue<string>());
        var item = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray().Single()!;
        Assert.Equal("worker_lost", item["exception"]!["code"]!.GetValue<string>());
        using var late = await worker.PostAsync($"/worker-v1/step-runs/{stepRunId}/complete", Json.Body(new { exit_code = 0 }));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }
}
