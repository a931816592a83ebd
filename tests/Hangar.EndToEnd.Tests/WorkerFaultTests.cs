using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Faults around workers, through the real processes: a worker killed mid-step, a server down while robots finish, and
/// a graceful stop (SIGTERM) of <c>hangar worker start</c> and of <c>hangar serve</c> with robots running.
/// </summary>
public sealed class WorkerFaultTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-faults");
    private readonly string _url = $"http://127.0.0.1:{HangarProcess.FreePort()}";

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    private string Marker => Path.Combine(_dataDir, "marker.txt");
    private string WorkerConfig => Path.Combine(_dataDir, "worker", "worker.json");
    private string WorkDir => Path.Combine(_dataDir, "work");

    [Fact]
    public async Task WorkerKilledMidStep_TheStepRunIsRequeued_AndCompletesWhenTheWorkerRestartsOnTheSameWorkDir()
    {
        var env = ServerEnv();
        env["HANGAR_LEASE_SECONDS"] = "2";
        env["HANGAR_WATCHDOG_INTERVAL_SECONDS"] = "0.5";
        await using var server = await StartServerAsync(["--no-worker"], env);
        var (ws, api) = await SetUpAsync();
        using var _ = api;
        await LinkWorkerAsync(api, ws);
        var process = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 120), retries: 1);
        var runs = new[] { await StartRunAsync(api, ws, process), await StartRunAsync(api, ws, process) };

        await using (var worker = StartWorker("--concurrency", "2"))
        {
            foreach (var run in runs)
            {
                var stepRun = await E2eApi.WaitForStepRunAsync(api, ws, run, "in_progress", worker);
                await E2eApi.WaitForConsoleAsync(api, ws, stepRun, "started", worker);
            }

            await worker.KillAsync();
        }

        // The same worker comes back on the same work dir: once the leases lapse it claims the attempts 2 in clean folders.
        await using var restarted = StartWorker("--concurrency", "2");
        foreach (var run in runs)
        {
            var ended = await E2eApi.WaitForRunAsync(api, ws, run, restarted);
            Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{restarted.Output}\n{server.Output}");
            var stepRun = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={run}"))["data"]!.AsArray().Single()!;
            Assert.Equal("completed", stepRun["state"]!.GetValue<string>());
            var events = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRun["id"]}/events"))["data"]!.AsArray()
                .Select(e => e!["event_type"]!.GetValue<string>());
            Assert.Contains("worker_lost", events);
        }

        Assert.Equal(2, MarkerRobot.Attempts(Marker).Count);
        Assert.All(MarkerRobot.Attempts(Marker).Values, n => Assert.Equal(2, n));
    }

    [Fact]
    public async Task ServerDownWhileRobotsFinish_TheWorkerReportsTheirEndsLater_AndEachRobotRanOnce()
    {
        // A short lease: by the time the server is back (3 s down, and its start), the step runs' leases have likely
        // lapsed. The restarted server gives the worker one lease to reach it (heartbeats, then the ends) before its
        // watchdog takes anything back.
        var env = ServerEnv();
        env["HANGAR_LEASE_SECONDS"] = "10";
        env["HANGAR_WATCHDOG_INTERVAL_SECONDS"] = "0.5";
        await using var server = await StartServerAsync(["--no-worker"], env);
        var (ws, api) = await SetUpAsync();
        using var _ = api;
        await LinkWorkerAsync(api, ws);
        var process = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 2), retries: 1);
        var runs = new[] { await StartRunAsync(api, ws, process), await StartRunAsync(api, ws, process) };
        await using var worker = StartWorker("--concurrency", "2");
        foreach (var run in runs)
        {
            var stepRun = await E2eApi.WaitForStepRunAsync(api, ws, run, "in_progress", worker);
            await E2eApi.WaitForConsoleAsync(api, ws, stepRun, "started", worker);
        }

        // The robots end while the server is away (2 s robots, 3 s down); their ends wait on disk and are reported after.
        Assert.Equal(0, await server.StopAsync());
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var again = await StartServerAsync(["--no-worker"], env);

        foreach (var run in runs)
        {
            var ended = await E2eApi.WaitForRunAsync(api, ws, run, again);
            Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{worker.Output}\n{again.Output}");
        }

        var attempts = MarkerRobot.Attempts(Marker);
        Assert.Equal(runs.Order(), attempts.Keys.Order());
        Assert.True(attempts.Values.All(n => n == 1), $"{string.Join(", ", attempts)}\n{worker.Output}\n{again.Output}");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(WorkDir, "outcomes"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WorkerSigterm_WaitsForRobotsThatFinishInTheDrainTime_AndGivesBackTheOthers()
    {
        await using var server = await StartServerAsync(["--no-worker"], ServerEnv());
        var (ws, api) = await SetUpAsync();
        using var _ = api;
        await LinkWorkerAsync(api, ws);
        var quick = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 2), retries: 1);
        var slow = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 120), retries: 1);
        var quickRun = await StartRunAsync(api, ws, quick);
        var slowRun = await StartRunAsync(api, ws, slow);
        await using (var worker = StartWorker("--concurrency", "2", "--drain-seconds", "6"))
        {
            foreach (var run in new[] { quickRun, slowRun })
            {
                var stepRun = await E2eApi.WaitForStepRunAsync(api, ws, run, "in_progress", worker);
                await E2eApi.WaitForConsoleAsync(api, ws, stepRun, "started", worker);
            }

            Assert.True(await worker.StopAsync() == 0, worker.Output);
        }

        // The quick robot finished within the drain; the slow one was ended and its step run queued again, not failed.
        Assert.Equal("completed", (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{quickRun}"))["state"]!.GetValue<string>());
        var slowStep = await E2eApi.WaitForStepRunAsync(api, ws, slowRun, "awaiting_worker", server);
        var events = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{slowStep}/events"))["data"]!.AsArray()
            .Select(e => e!["event_type"]!.GetValue<string>());
        Assert.Contains("worker_lost", events);

        await using var restarted = StartWorker();
        var ended = await E2eApi.WaitForRunAsync(api, ws, slowRun, restarted);
        Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{restarted.Output}");
        Assert.Equal(1, MarkerRobot.Attempts(Marker)[quickRun]);
        Assert.Equal(2, MarkerRobot.Attempts(Marker)[slowRun]);
    }

    [Fact]
    public async Task ServeSigterm_TheEmbeddedWorkerDrains_AndAfterTheRestartNoRunIsUnresolved()
    {
        var env = ServerEnv();
        env["HANGAR_WORKER_CONCURRENCY"] = "2";
        env["HANGAR_WORKER_DRAIN_SECONDS"] = "6";
        string quickRun, slowRun;
        HttpClient api;
        string ws;
        await using (var server = await StartServerAsync([], env))
        {
            (ws, api) = await SetUpAsync();
            var quick = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 2), retries: 1);
            var slow = await E2eApi.ProcessAsync(api, ws, MarkerRobot.Zip(Marker, 120), retries: 1);
            quickRun = await StartRunAsync(api, ws, quick);
            slowRun = await StartRunAsync(api, ws, slow);
            foreach (var run in new[] { quickRun, slowRun })
            {
                var stepRun = await E2eApi.WaitForStepRunAsync(api, ws, run, "in_progress", server);
                await E2eApi.WaitForConsoleAsync(api, ws, stepRun, "started", server);
            }

            Assert.True(await server.StopAsync() == 0, server.Output);
        }

        using var _ = api;
        await using var restarted = await StartServerAsync([], env);
        foreach (var run in new[] { quickRun, slowRun })
        {
            var ended = await E2eApi.WaitForRunAsync(api, ws, run, restarted);
            Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{restarted.Output}");
        }

        Assert.Equal(1, MarkerRobot.Attempts(Marker)[quickRun]);
        Assert.Equal(2, MarkerRobot.Attempts(Marker)[slowRun]);
    }

    private async Task<HangarProcess> StartServerAsync(string[] flags, Dictionary<string, string> env)
    {
        var server = HangarProcess.Start(["serve", "--urls", _url, "--data-dir", _dataDir, .. flags], env);
        await server.WaitUntilReadyAsync($"{_url}/readyz");
        return server;
    }

    private async Task<(string Workspace, HttpClient Api)> SetUpAsync()
    {
        var (ws, key) = await E2eApi.SetUpAsync(_url, Password);
        return (ws, E2eApi.KeyClient(_url, key));
    }

    private async Task LinkWorkerAsync(HttpClient api, string ws)
    {
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var (code, output) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "faults", "--server", _url, "--config", WorkerConfig]);
        Assert.True(code == 0, output);
    }

    private HangarProcess StartWorker(params string[] flags) =>
        HangarProcess.Start(["worker", "start", "--config", WorkerConfig, "--work-dir", WorkDir, "--isolation", "none", .. flags]);

    private static async Task<string> StartRunAsync(HttpClient api, string ws, string process) =>
        (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();

    private static Dictionary<string, string> ServerEnv() => new()
    {
        ["HANGAR_ADMIN_PASSWORD"] = Password,
        ["HANGAR_WORKER_ISOLATION"] = "none",
    };
}
