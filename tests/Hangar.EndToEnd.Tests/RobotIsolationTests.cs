using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Robots are untrusted code: a robot that tries to read the server's and the worker's secrets finds none of them, on
/// the worker <c>hangar serve</c> embeds and on <c>hangar worker start</c>, and still completes. This machine has
/// bubblewrap (./test.sh installs it), so robots run in a real sandbox.
/// </summary>
public sealed class RobotIsolationTests : IDisposable
{
    private const string Password = "robot-isolation-owner-pw-7";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-isolation");
    private readonly string _canary = $"canary-{Guid.NewGuid():N}";

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task EmbeddedWorker_Sandbox_KeepsServerSecretsAndOtherStepRunsFromARobot_AndTheRunCompletes()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var env = Env();
        env["HANGAR_WORKER_CONCURRENCY"] = "2";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir], env);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);

        // Another step run, still running, with a secret of its own in its folder.
        var holder = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", HolderYaml)));
        var holderRun = await StartAsync(api, ws, holder);
        var holderStepRun = await E2eApi.WaitForStepRunAsync(api, ws, holderRun, "in_progress", server);
        await E2eApi.WaitForConsoleAsync(api, ws, holderStepRun, "holding", server);
        var runs = Path.Combine(_dataDir, "worker", "runs");
        var otherFolder = Path.Combine(runs, holderStepRun);
        Assert.True(File.Exists(Path.Combine(otherFolder, "home", "secret.txt")), server.Output);

        var spy = await E2eApi.ProcessAsync(api, ws, SpyRobot.Zip(
            ("master key", Path.Combine(_dataDir, "master.key")),
            ("database", Path.Combine(_dataDir, "hangar.db")),
            ("database WAL", Path.Combine(_dataDir, "hangar.db-wal")),
            ("database shared memory", Path.Combine(_dataDir, "hangar.db-shm")),
            ("worker credential", Path.Combine(_dataDir, "embedded-worker.json")),
            ("data directory", _dataDir),
            ("blobs", Path.Combine(_dataDir, "blobs")),
            ("package cache", Path.Combine(_dataDir, "worker", "packages")),
            ("other step runs", runs),
            ("other step run's folder", otherFolder),
            ("other step run's secret", Path.Combine(otherFolder, "home", "secret.txt"))));
        var (console, state) = await RunSpyAsync(api, ws, spy, server);

        Assert.Equal("completed", state);
        AssertNothingLeaked(console, server.Output);
        Assert.DoesNotContain(console, line => line.Contains("held-secret", StringComparison.Ordinal));
        // Its own PID namespace: the server, the worker and the other robot are not even listed.
        Assert.DoesNotContain(console, line => line.StartsWith($"PROCENV {server.Id} ", StringComparison.Ordinal));
        Assert.Equal("sandbox", await IsolationOfWorkersAsync(api, ws));
        Assert.Contains("isolation: sandbox", server.Output, StringComparison.Ordinal);

        await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{holderRun}/stop", new { terminate_ongoing_activity_runs = true });
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task StandaloneWorker_Sandbox_KeepsItsCredentialAndTheServersDataFromARobot()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker"], Env());
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var config = Path.Combine(_dataDir, "standalone", "worker.json");
        var work = Path.Combine(_dataDir, "standalone", "work");
        var (linkCode, linkOutput) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "isolated", "--server", url, "--config", config]);
        Assert.True(linkCode == 0, linkOutput);

        var spy = await E2eApi.ProcessAsync(api, ws, SpyRobot.Zip(
            ("worker credential", config),
            ("worker folder", work),
            ("package cache", Path.Combine(work, "packages")),
            ("master key", Path.Combine(_dataDir, "master.key")),
            ("database", Path.Combine(_dataDir, "hangar.db"))));
        await using var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", work], Env());
        var (console, state) = await RunSpyAsync(api, ws, spy, worker);

        Assert.Equal("completed", state);
        AssertNothingLeaked(console, worker.Output, File.ReadAllText(config));
        Assert.Equal("sandbox", await IsolationOfWorkersAsync(api, ws));
        Assert.Contains("isolation: sandbox", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedWorker_RequiringSeparateUser_RunsRobotsAsAnUnprivilegedUser_WhenRoot_AndIsRefusedOtherwise()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var env = Env();
        env["HANGAR_WORKER_ISOLATION"] = "user";
        // The master key from the environment this time: the robot must not find it in the server's /proc either.
        var masterKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        env["HANGAR_MASTER_KEY"] = masterKey;
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir], env);
        if (Environment.UserName != "root")
        {
            Assert.Equal(2, await server.WaitForExitAsync());
            Assert.Contains("only when the worker runs as root", server.Output, StringComparison.Ordinal);
            return;
        }

        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var workerId = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/workers"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var spy = await E2eApi.ProcessAsync(api, ws, SpyRobot.Zip(
            ("master key", Path.Combine(_dataDir, "master.key")),
            ("database", Path.Combine(_dataDir, "hangar.db")),
            ("database WAL", Path.Combine(_dataDir, "hangar.db-wal")),
            ("worker credential", Path.Combine(_dataDir, "embedded-worker.json")),
            ("data directory", _dataDir),
            ("server environment", $"/proc/{server.Id}/environ"),
            ("robots' folders", "/var/lib/hangar-robots"),
            ("other step runs", $"/var/lib/hangar-robots/{workerId}/runs")));
        var (console, state) = await RunSpyAsync(api, ws, spy, server);

        Assert.Equal("completed", state);
        AssertNothingLeaked(console, server.Output, masterKey);
        Assert.DoesNotContain("UID 0", console);
        Assert.Equal("user", await IsolationOfWorkersAsync(api, ws));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task EmbeddedWorker_WithIsolationNone_StillGivesRobotsACleanEnvironment_AndWarns()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var env = Env();
        env["HANGAR_WORKER_ISOLATION"] = "none";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir], env);
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var spy = await E2eApi.ProcessAsync(api, ws, SpyRobot.Zip());
        var (console, state) = await RunSpyAsync(api, ws, spy, server);

        // Its own environment is clean (what it can read as the server's user is the documented limit of this level).
        Assert.Equal("completed", state);
        var variables = console.Single(l => l.StartsWith("ENV ", StringComparison.Ordinal))[4..].Split(',');
        Assert.All(variables, name => Assert.True(SpyRobot.IsAllowedVariable(name), $"the robot got {name}"));
        Assert.Contains("WARNING: --isolation none", server.Output, StringComparison.Ordinal);
        Assert.Equal("environment", await IsolationOfWorkersAsync(api, ws));
        Assert.Equal(0, await server.StopAsync());
    }

    private const string HolderYaml = """
        tasks:
          Main:
            shell: python3 -c "import os, time; open(os.path.join(os.environ['HOME'], 'secret.txt'), 'w').write('held-secret'); print('holding', flush=True); time.sleep(120)"
        artifactsDir: output
        """;

    private Dictionary<string, string> Env() => new() { ["HANGAR_ADMIN_PASSWORD"] = Password, ["HANGAR_TEST_CANARY"] = _canary };

    private static async Task<string> StartAsync(HttpClient api, string ws, string process) =>
        (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();

    /// <summary>Runs the spy robot's process once and returns its console and the run's end state.</summary>
    private static async Task<(List<string> Console, string State)> RunSpyAsync(HttpClient api, string ws, string process, HangarProcess host)
    {
        var runId = await StartAsync(api, ws, process);
        var run = await E2eApi.WaitForRunAsync(api, ws, runId, host);
        var stepRun = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!;
        var console = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRun["id"]!.GetValue<string>()}/console-messages?limit=500"))
            ["data"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()).ToList();
        Assert.True(console.Contains("SPY DONE"), $"{string.Join('\n', console)}\n{host.Output}");
        return (console, run["state"]!.GetValue<string>());
    }

    /// <summary>Every read was refused, and no secret of the server or the worker shows anywhere in the robot's console.</summary>
    private void AssertNothingLeaked(List<string> console, string hostOutput, params string[] moreSecrets)
    {
        var text = string.Join('\n', console);
        var context = $"{text}\n--- host output ---\n{hostOutput}";
        Assert.True(!console.Any(l => l.StartsWith("READ ", StringComparison.Ordinal)), context);
        Assert.True(console.Any(l => l.StartsWith("DENIED ", StringComparison.Ordinal)), context);
        var variables = console.Single(l => l.StartsWith("ENV ", StringComparison.Ordinal))[4..].Split(',');
        Assert.All(variables, name => Assert.True(SpyRobot.IsAllowedVariable(name), $"the robot got {name}"));
        string[] secrets = [Password, _canary, "HANGAR_", .. moreSecrets.SelectMany(SecretsIn)];
        Assert.DoesNotContain(secrets, string.IsNullOrEmpty);
        foreach (var secret in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the robot saw '{secret}':\n{context}");
        }
    }

    /// <summary>A secret as it is, or the worker credential in a worker's JSON file.</summary>
    private static IEnumerable<string> SecretsIn(string secret) => !secret.StartsWith('{')
        ? [secret]
        : JsonNode.Parse(secret)!.AsObject().Select(p => p.Value?.GetValue<string>() ?? string.Empty).Where(v => v.StartsWith("hgw_", StringComparison.Ordinal));

    private static async Task<string?> IsolationOfWorkersAsync(HttpClient api, string ws)
    {
        var workers = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/workers"))["data"]!.AsArray();
        return workers.Select(w => w!["isolation"]?.GetValue<string>()).Distinct().Single();
    }
}
