using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>Robots run by real workers: the one <c>hangar serve</c> embeds, and a standalone <c>hangar worker start</c>.</summary>
public sealed class WorkerEndToEndTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-workers");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task EmbeddedWorker_RunsAPythonRobot_ThatUsesWorkItemsLikeRobocorpWorkitems()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir], Env());
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.WorkItemsYaml), ("robot.py", E2eRobot.WorkItemsScript)), 0);
        var started = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 }, new { n = 2, fail = true }, new { n = 3 } } });
        var runId = started["id"]!.GetValue<string>();

        var run = await E2eApi.WaitForRunAsync(api, ws, runId, server);
        Assert.True(run["state"]!.GetValue<string>() == "unresolved", $"{run}\n{server.Output}");
        var outputs = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}/outputs"))["data"]!.AsArray();
        Assert.Equal([2, 6], outputs.Select(o => o!["payload"]!["doubled"]!.GetValue<int>()).Order());
        Assert.All(outputs, o => Assert.Equal("result.txt", o!["files"]!.AsArray().Single()!["name"]!.GetValue<string>()));
        var items = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        var failed = items.Single(i => i!["state"]!.GetValue<string>() == "failed")!;
        Assert.Equal("business", failed["exception"]!["type"]!.GetValue<string>());
        Assert.Equal("BAD_DATA", failed["exception"]!["code"]!.GetValue<string>());
        Assert.Equal("rejected 2", failed["exception"]!["message"]!.GetValue<string>());

        var stepRun = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!;
        Assert.Equal("completed", stepRun["state"]!.GetValue<string>());
        var stepRunId = stepRun["id"]!.GetValue<string>();
        var artifact = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts"))["data"]!.AsArray().Single()!;
        Assert.Equal("report.txt", artifact["name"]!.GetValue<string>());
        var link = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts/{artifact["id"]!.GetValue<string>()}");
        using (var anonymous = new HttpClient())
        {
            Assert.Equal("processed 3", await anonymous.GetStringAsync(link["url"]!.GetValue<string>()));
        }

        var console = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray()
            .Select(m => m!["message"]!.GetValue<string>()).ToList();
        Assert.Equal("processing {\"n\": 1}", console[0]);
        Assert.Contains("done 3", console);
        Assert.Contains("warning on stderr", console);
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task StandaloneWorker_KilledMidRun_LeavesTheStepRunToTheWatchdog()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var env = Env();
        env["HANGAR_LEASE_SECONDS"] = "2";
        env["HANGAR_WATCHDOG_INTERVAL_SECONDS"] = "0.5";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker"], env);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var config = Path.Combine(_dataDir, "worker", "worker.json");
        var (linkCode, linkOutput) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "e2e", "--server", url, "--config", config]);
        Assert.True(linkCode == 0, linkOutput);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));

        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.SleeperYaml)), 0);
        var runId = (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();
        string stepRunId;
        await using (var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dataDir, "work")]))
        {
            stepRunId = await E2eApi.WaitForStepRunAsync(api, ws, runId, "in_progress", worker);
            await E2eApi.WaitForConsoleAsync(api, ws, stepRunId, "sleeping", worker);
        }

        // The worker (and its robot) are gone: no heartbeat renews the lease, and with no retries the step run fails.
        await E2eApi.WaitForStepRunAsync(api, ws, runId, "failed", server);
        var stepRun = await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}");
        Assert.Equal("worker_lost", stepRun["error"]!["code"]!.GetValue<string>());
        var run = await E2eApi.WaitForRunAsync(api, ws, runId, server);
        Assert.Equal("unresolved", run["state"]!.GetValue<string>());
        var events = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/events"))["data"]!.AsArray();
        Assert.Contains(events, e => e!["event_type"]!.GetValue<string>() == "worker_lost");
    }

    private static Dictionary<string, string> Env() => new() { ["HANGAR_ADMIN_PASSWORD"] = Password };
}
