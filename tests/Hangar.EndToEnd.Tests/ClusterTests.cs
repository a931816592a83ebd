using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// A real cluster as docs/operations.md sets one up: two <c>hangar serve</c> nodes on one PostgreSQL database and one
/// S3 bucket, nginx spreading requests over them, and two external workers linked through nginx. Clients trigger runs
/// through nginx while the leading node is killed (kill -9): every acknowledged run completes, its robot ran exactly
/// once, the other node takes over the watchdog, both workers go on working through the surviving node, and every
/// output file and artifact downloads through either node. The full-size version (2,000 runs) is
/// <c>bench -- cluster</c>.
/// </summary>
public sealed class ClusterTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private const int Runs = 120;
    private const string LeaderLine = "This node now leads";
    private readonly string _dir = TempDirectory.Create("hangar-e2e-cluster");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    private string Marker => Path.Combine(_dir, "marker.txt");

    [Fact]
    public async Task TwoNodes_LeaderKilledMidLoad_EveryAcknowledgedRunRanOnce_AndItsFilesDownloadThroughEitherNode()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var s3 = await TestS3.CreateAsync("cluster");
        string[] nodeUrls = [$"http://127.0.0.1:{HangarProcess.FreePort()}", $"http://127.0.0.1:{HangarProcess.FreePort()}"];
        var lbPort = HangarProcess.FreePort();
        var lb = $"http://127.0.0.1:{lbPort}";
        var env = new Dictionary<string, string>(TestS3.ProcessEnvironment())
        {
            ["HANGAR_ADMIN_PASSWORD"] = Password,
            ["HANGAR_MASTER_KEY"] = MasterKey.Generate().ToBase64(),
            ["HANGAR_LEASE_SECONDS"] = "10",
            ["HANGAR_WATCHDOG_INTERVAL_SECONDS"] = "0.5",
        };
        string[] NodeArgs(int node) =>
        [
            "serve", "--urls", nodeUrls[node], "--data-dir", Path.Combine(_dir, $"node{node}"), "--database", database.DatabaseFlag, "--no-worker",
            "--blobs", $"s3://{s3.Bucket}/cluster", "--public-url", lb, "--trusted-proxy", "127.0.0.1",
        ];

        // Node 0 starts first and so leads; node 1 joins.
        await using var first = HangarProcess.Start(NodeArgs(0), env);
        await first.WaitUntilReadyAsync($"{nodeUrls[0]}/readyz");
        await WaitForOutputAsync(first, LeaderLine);
        await using var second = HangarProcess.Start(NodeArgs(1), env);
        await second.WaitUntilReadyAsync($"{nodeUrls[1]}/readyz");
        await using var nginx = await Nginx.StartLoadBalancerAsync(Path.Combine(_dir, "nginx"), lbPort, [new Uri(nodeUrls[0]).Port, new Uri(nodeUrls[1]).Port]);

        var (ws, key) = await E2eApi.SetUpAsync(lb, Password);
        using var api = E2eApi.KeyClient(lb, key);
        var process = await E2eApi.ProcessAsync(api, ws, ClusterRobot.Zip(Marker), retries: 2);
        await using var workerA = await StartWorkerAsync(api, ws, lb, "a");
        await using var workerB = await StartWorkerAsync(api, ws, lb, "b");

        // Four clients trigger through nginx; the leader is killed a third of the way in, and they carry on.
        var acknowledged = new ConcurrentDictionary<string, int>();
        var next = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var client = E2eApi.KeyClient(lb, key);
            while (acknowledged.Count < Runs)
            {
                var n = Interlocked.Increment(ref next);
                try
                {
                    using var response = await client.PostAsJsonAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
                        new { type = "with_payloads", payloads = new object[] { new { n } } });
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged[JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>()] = n;
                    }
                }
                catch (HttpRequestException)
                {
                    // No answer: not acknowledged.
                }
            }
        })).ToArray();
        while (acknowledged.Count < Runs / 3)
        {
            await Task.Delay(20);
        }

        await first.KillAsync();
        var workerOutputAtKill = new[] { workerA.Output.Length, workerB.Output.Length };
        await Task.WhenAll(clients);

        // The surviving node takes over the watchdog (and housekeeping) once the killed leader's session is gone.
        await WaitForOutputAsync(second, LeaderLine);

        foreach (var (runId, _) in acknowledged)
        {
            var ended = await E2eApi.WaitForRunAsync(api, ws, runId, second);
            Assert.True(ended["state"]!.GetValue<string>() == "completed", $"{ended}\n{workerA.Output}\n{workerB.Output}\n{second.Output}");
        }

        // Exactly once: every acknowledged run's robot ran, and no robot ran twice (runs whose trigger was never
        // answered may have run too, once).
        var attempts = ClusterRobot.Attempts(Marker);
        Assert.All(acknowledged.Keys, run => Assert.True(attempts.ContainsKey(run), $"the robot of {run} never ran"));
        Assert.True(attempts.Values.All(n => n == 1), string.Join(", ", attempts.Where(a => a.Value != 1)));

        // Both workers went on working after the kill, through the surviving node.
        Assert.Contains("hangar worker: step run", workerA.Output[workerOutputAtKill[0]..]);
        Assert.Contains("hangar worker: step run", workerB.Output[workerOutputAtKill[1]..]);

        // The killed node comes back; every output file and artifact downloads through either node.
        await using var restarted = HangarProcess.Start(NodeArgs(0), env);
        await restarted.WaitUntilReadyAsync($"{nodeUrls[0]}/readyz");
        using var direct = new HttpClient();
        var node = 0;
        foreach (var (runId, n) in acknowledged)
        {
            using var via = E2eApi.KeyClient(nodeUrls[node], key);
            var outputs = (await E2eApi.GetAsync(via, $"/api/v1/workspaces/{ws}/process-runs/{runId}/outputs"))["data"]!.AsArray();
            Assert.NotEmpty(outputs);
            foreach (var output in outputs)
            {
                var file = output!["files"]!.AsArray().Single()!;
                var link = await E2eApi.GetAsync(via, $"/json-v1/workspaces/{ws}/workitems/{output["id"]}/files/{file["id"]}");
                Assert.Equal($"result {n}", await direct.GetStringAsync(OnNode(link["url"]!.GetValue<string>(), nodeUrls[1 - node])));
            }

            var stepRun = (await E2eApi.GetAsync(via, $"/api/v1/workspaces/{ws}/step-runs?process_run_id={runId}"))["data"]!.AsArray().Single()!;
            var artifacts = await E2eApi.GetAsync(via, $"/api/v1/workspaces/{ws}/step-runs/{stepRun["id"]}/artifacts");
            var artifact = artifacts["data"]!.AsArray().Single(a => a!["name"]!.GetValue<string>() == "report.txt")!;
            var artifactLink = await E2eApi.GetAsync(via, $"/api/v1/workspaces/{ws}/step-runs/{stepRun["id"]}/artifacts/{artifact["id"]}");
            Assert.Equal($"run {runId} item {n}", await direct.GetStringAsync(OnNode(artifactLink["url"]!.GetValue<string>(), nodeUrls[1 - node])));
            node = 1 - node;
        }
    }

    /// <summary>Links a worker through the load balancer and starts it with a work dir of its own.</summary>
    private async Task<HangarProcess> StartWorkerAsync(HttpClient api, string ws, string server, string name)
    {
        var config = Path.Combine(_dir, $"worker-{name}", "worker.json");
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var (code, output) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", name, "--server", server, "--config", config]);
        Assert.True(code == 0, output);
        return HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dir, $"work-{name}"),
            "--isolation", "none", "--concurrency", "3"]);
    }

    /// <summary>A signed URL handed out for the public (load balancer) address, sent to one node directly instead.</summary>
    private static string OnNode(string signedUrl, string nodeUrl)
    {
        var url = new Uri(signedUrl);
        return nodeUrl + url.PathAndQuery;
    }

    private static async Task WaitForOutputAsync(HangarProcess process, string text)
    {
        for (var i = 0; i < 600 && !process.Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(process.Output.Contains(text, StringComparison.Ordinal), $"never logged '{text}':\n{process.Output}");
    }
}
