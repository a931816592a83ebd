using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
        var (ws, key) = await SetUpAsync(url);
        using var api = KeyClient(url, key);
        var process = await ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.WorkItemsYaml), ("robot.py", E2eRobot.WorkItemsScript)), 0);
        var started = await PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 }, new { n = 2, fail = true }, new { n = 3 } } });
        var runId = started["id"]!.GetValue<string>();

        var run = await WaitForRunAsync(api, ws, runId, server);
        Assert.True(run["state"]!.GetValue<string>() == "unresolved", $"{run}\n{server.Output}");
        var outputs = (await GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}/outputs"))["data"]!.AsArray();
        Assert.Equal([2, 6], outputs.Select(o => o!["payload"]!["doubled"]!.GetValue<int>()).Order());
        Assert.All(outputs, o => Assert.Equal("result.txt", o!["files"]!.AsArray().Single()!["name"]!.GetValue<string>()));
        var items = (await GetAsync(api, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        var failed = items.Single(i => i!["state"]!.GetValue<string>() == "failed")!;
        Assert.Equal("business", failed["exception"]!["type"]!.GetValue<string>());
        Assert.Equal("BAD_DATA", failed["exception"]!["code"]!.GetValue<string>());
        Assert.Equal("rejected 2", failed["exception"]!["message"]!.GetValue<string>());

        var stepRun = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!;
        Assert.Equal("completed", stepRun["state"]!.GetValue<string>());
        var stepRunId = stepRun["id"]!.GetValue<string>();
        var artifact = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts"))["data"]!.AsArray().Single()!;
        Assert.Equal("report.txt", artifact["name"]!.GetValue<string>());
        var link = await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/artifacts/{artifact["id"]!.GetValue<string>()}");
        using (var anonymous = new HttpClient())
        {
            Assert.Equal("processed 3", await anonymous.GetStringAsync(link["url"]!.GetValue<string>()));
        }

        var console = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray()
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
        var (ws, key) = await SetUpAsync(url);
        using var api = KeyClient(url, key);
        var token = await PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var config = Path.Combine(_dataDir, "worker", "worker.json");
        var (linkCode, linkOutput) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "e2e", "--server", url, "--config", config]);
        Assert.True(linkCode == 0, linkOutput);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));

        var process = await ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.SleeperYaml)), 0);
        var runId = (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();
        string stepRunId;
        await using (var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dataDir, "work")]))
        {
            stepRunId = await WaitForStepRunAsync(api, ws, runId, "in_progress", worker);
            await WaitForConsoleAsync(api, ws, stepRunId, "sleeping", worker);
        }

        // The worker (and its robot) are gone: no heartbeat renews the lease, and with no retries the step run fails.
        await WaitForStepRunAsync(api, ws, runId, "failed", server);
        var stepRun = await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}");
        Assert.Equal("worker_lost", stepRun["error"]!["code"]!.GetValue<string>());
        var run = await WaitForRunAsync(api, ws, runId, server);
        Assert.Equal("unresolved", run["state"]!.GetValue<string>());
        var events = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/events"))["data"]!.AsArray();
        Assert.Contains(events, e => e!["event_type"]!.GetValue<string>() == "worker_lost");
    }

    private static Dictionary<string, string> Env() => new() { ["HANGAR_ADMIN_PASSWORD"] = Password };

    /// <summary>The Default workspace's id and an API key with every permission there.</summary>
    private static async Task<(string Workspace, string Key)> SetUpAsync(string url)
    {
        using var admin = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
        await PostAsync(admin, "/api/v1/auth/login", new { username = "admin", password = Password });
        var ws = (await GetAsync(admin, "/api/v1/workspaces"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var permissions = (await GetAsync(admin, "/api/v1/permissions"))["data"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToArray();
        var key = await PostAsync(admin, $"/api/v1/workspaces/{ws}/api-keys", new { name = "e2e", permissions });
        return (ws, key["key"]!.GetValue<string>());
    }

    private static HttpClient KeyClient(string url, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"RC-WSKEY {key}");
        return client;
    }

    /// <summary>Uploads the zip as a task package and makes a one-step process of its task "Main".</summary>
    private static async Task<string> ProcessAsync(HttpClient api, string ws, byte[] zip, int retries)
    {
        var package = (await PostAsync(api, $"/api/v1/workspaces/{ws}/task-packages", new { name = $"robot-{Guid.NewGuid():N}"[..20] }))["id"]!.GetValue<string>();
        var link = await GetAsync(api, $"/api/v1/workspaces/{ws}/task-packages/{package}/upload");
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in link["form_data"]!.AsObject())
        {
            form.Add(new StringContent(value!.GetValue<string>()), name);
        }

        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "robot.zip");
        using (var anonymous = new HttpClient())
        using (var uploaded = await anonymous.PostAsync(link["url"]!.GetValue<string>(), form))
        {
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        return (await PostAsync(api, $"/api/v1/workspaces/{ws}/processes", new
        {
            name = $"process-{Guid.NewGuid():N}"[..20],
            steps = new[] { new { task_package = new { id = package }, task = "Main", timeout_seconds = 120, retries_on_worker_loss = retries } },
        }))["id"]!.GetValue<string>();
    }

    private static async Task<JsonNode> WaitForRunAsync(HttpClient api, string ws, string runId, HangarProcess process)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = await GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{runId}");
            if (run["state"]!.GetValue<string>() is "completed" or "unresolved" or "stopped")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the run did not end:\n{process.Output}");
    }

    private static async Task<string> WaitForStepRunAsync(HttpClient api, string ws, string runId, string state, HangarProcess process)
    {
        for (var i = 0; i < 600; i++)
        {
            var stepRun = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().SingleOrDefault();
            if (stepRun?["state"]!.GetValue<string>() == state)
            {
                return stepRun["id"]!.GetValue<string>();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the step run did not get {state}:\n{process.Output}");
    }

    private static async Task WaitForConsoleAsync(HttpClient api, string ws, string stepRunId, string text, HangarProcess process)
    {
        for (var i = 0; i < 300; i++)
        {
            var lines = (await GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray();
            if (lines.Any(l => l!["message"]!.GetValue<string>() == text))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the console never showed '{text}':\n{process.Output}");
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
