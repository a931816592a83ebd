using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// Hangar's side of the peers benchmark. Each part gets a fresh data directory (and on PostgreSQL a scratch database),
/// so runs left queued by one part are not drained by the next. Robots run without a sandbox
/// (<c>HANGAR_WORKER_ISOLATION=none</c>), as Hangfire's jobs do.
/// </summary>
internal sealed class HangarPeerSide(string hangarDll, PeersSetup peers)
{
    /// <summary>The trigger part: <c>serve --no-worker</c>, so the server only enqueues.</summary>
    public async Task<TriggerFigures> TriggerAsync(string? cluster, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("hangar-peers-").FullName;
        try
        {
            using var database = PeerDatabase.Create(cluster);
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.HangarEnvironment());
            var setup = await RunsBenchmark.SetupAsync(server.BaseAddress, ct, peers.RobotYaml, PeersSetup.RobotFile);
            await Task.Delay(1000, ct);
            var idle = server.Memory();
            var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
            await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, peers.TriggerBody, peers.Connections, peers.Warmup, ct);
            var conditions = PartConditions.Begin();
            var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
            var result = await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, peers.TriggerBody, peers.Connections,
                peers.Measured, ct);
            var cpuMs = (RunsBenchmark.CpuTicks(server.Id) - cpuBefore) * 10.0;
            var during = conditions();
            return new TriggerFigures(result.Count / peers.Measured.TotalSeconds, result.Latencies, result.Errors, cpuMs / Math.Max(1, result.Count), idle,
                server.Memory(), during);
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    /// <summary>
    /// Sequential runs, then the drain, with <c>serve --no-worker</c> and an external
    /// <c>hangar worker start --concurrency 8</c>, as a worker on another machine would run.
    /// </summary>
    public async Task<DispatchFigures> DispatchAsync(string? cluster, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("hangar-peers-").FullName;
        try
        {
            using var database = PeerDatabase.Create(cluster);
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.HangarEnvironment());
            var setup = await RunsBenchmark.SetupAsync(server.BaseAddress, ct, peers.RobotYaml, PeersSetup.RobotFile);
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            var ws = setup.WorkspaceId;
            var token = (await DispatchBenchmark.PostAsync(client, $"api/v1/workspaces/{ws}/workers/link-tokens", ct))["link_token"]!.GetValue<string>();
            var config = Path.Combine(dataDir, "worker.json");
            await HangarProcess.RunCommandAsync(hangarDll, dataDir, ct, "worker", "link", token, "--name", "bench", "--server",
                server.BaseAddress.ToString().TrimEnd('/'), "--config", config);

            // Trigger → the robot's first line (the time its process started), one run at a time on an idle worker.
            var body = JsonNode.Parse(peers.TriggerBody)!;
            var trigger = $"api/v1/workspaces/{ws}/processes/{setup.ProcessId}/process-runs";
            var firstLine = new LatencyHistogram();
            long idleRss;
            PartConditions latencyConditions;
            var (worker, _) = await HangarProcess.StartWorkerAsync(hangarDll, dataDir, config, PeersSetup.Slots, server.BaseAddress, ct);
            await using (worker)
            {
                await Task.Delay(1000, ct);
                idleRss = (server.Memory()?.RssKiB ?? 0) + (worker.Memory()?.RssKiB ?? 0);
                var conditions = PartConditions.Begin();
                for (var i = 0; i < PeersSetup.WarmupRuns + peers.SequentialRuns; i++)
                {
                    var sent = DateTimeOffset.UtcNow;
                    var run = await DispatchBenchmark.PostAsync(client, trigger + "?wait=30", ct, body);
                    var started = await DispatchBenchmark.RobotStartAsync(client, ws, run["id"]!.GetValue<string>(), ct);
                    if (i >= PeersSetup.WarmupRuns)
                    {
                        firstLine.Record(Math.Max(0, (long)((started - sent).TotalMilliseconds * 1e6)));
                    }
                }

                latencyConditions = conditions();
            }

            // The drain: a queue of runs of another process filled first, then a new worker started on it.
            var noop = (await DispatchBenchmark.PostAsync(client, $"api/v1/workspaces/{ws}/processes", ct, JsonNode.Parse(
                $$"""{"name":"drain","steps":[{"task_package":{"id":"{{await DispatchBenchmark.PackageOfAsync(client, setup, ct)}}"},"task":"Main"}]}""")!))["id"]!
                .GetValue<string>();
            var noopTrigger = $"api/v1/workspaces/{ws}/processes/{noop}/process-runs";
            Console.Error.WriteLine($"  queueing {peers.DrainRuns} runs…");
            foreach (var chunk in Enumerable.Range(0, peers.DrainRuns).Chunk(32))
            {
                await Task.WhenAll(chunk.Select(_ => DispatchBenchmark.PostAsync(client, noopTrigger, ct, body)));
            }

            Console.Error.WriteLine($"  draining them with `hangar worker start --concurrency {PeersSetup.Slots}`…");
            var drainConditions = PartConditions.Begin();
            var serverBefore = RunsBenchmark.CpuTicks(server.Id);
            var launched = DateTimeOffset.UtcNow;
            (worker, _) = await HangarProcess.StartWorkerAsync(hangarDll, dataDir, config, PeersSetup.Slots, server.BaseAddress, ct);
            (long Own, long Children) workerTicks;
            long peak;
            await using (worker)
            {
                await WaitDrainedAsync(client, ws, noop, ct);
                workerTicks = MachineShares.ProcessTicks(worker.Id);
                peak = (server.Memory()?.PeakRssKiB ?? 0) + (worker.Memory()?.PeakRssKiB ?? 0);
            }

            var serverMs = (RunsBenchmark.CpuTicks(server.Id) - serverBefore) * 10.0;
            var drained = drainConditions();
            var (firstStart, lastEnd, states) = await DispatchBenchmark.RunTimesAsync(client, ws, noop, ct);
            return new DispatchFigures(firstLine, idleRss, peers.DrainRuns, (lastEnd - firstStart).TotalSeconds, (lastEnd - launched).TotalSeconds,
                (serverMs + workerTicks.Own * 10.0) / peers.DrainRuns, workerTicks.Children * 10.0 / peers.DrainRuns, peak, states, latencyConditions, drained);
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    /// <summary>
    /// Until none of the process's runs is new or in progress: two one-row pages every 250 ms, so that watching costs
    /// the server next to nothing (a full listing every time would be measured as Hangar's CPU).
    /// </summary>
    private static async Task WaitDrainedAsync(HttpClient client, string ws, string processId, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(250, ct);
            var active = 0;
            // "new" first: a run that leaves it is then seen in progress, never missed in between.
            foreach (var state in new[] { "new", "in_progress", "stopping" })
            {
                var page = JsonNode.Parse(await client.GetStringAsync($"api/v1/workspaces/{ws}/process-runs?process_id={processId}&state={state}&limit=1", ct))!;
                active += page["data"]!.AsArray().Count;
            }

            if (active == 0)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new BenchException("Hangar's drain did not finish within 30 minutes.");
            }
        }
    }
}
