using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// Dispatch through the embedded worker: how long from a trigger to the robot's process running (budget p50 ≤ 15 ms,
/// p99 ≤ 60 ms, idle worker), and what each run costs beyond the robot's own process when 2,000 runs drain through
/// 8 worker slots (budget ≤ 10 ms per run): once while they are being triggered, and once from a queue filled before
/// a separate <c>hangar worker start --concurrency 8</c> starts (so the triggers do not share the cores with the drain).
/// </summary>
internal static class DispatchBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        var loadBefore = RunsBenchmark.LoadAverage();
        try
        {
            // The robot prints the wall-clock time at which its process started: `date` starts in about a millisecond.
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, workerSlots: 8);
            var setup = await RunsBenchmark.SetupAsync(server.BaseAddress, ct, "tasks:\n  Main:\n    command: [\"date\", \"+%s.%N\"]\n");
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            var trigger = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";

            var latencies = new LatencyHistogram();
            var samples = Math.Max(20, (int)options.Seconds * 10);
            Console.Error.WriteLine($"{samples} runs one at a time, idle worker…");
            for (var i = 0; i < samples; i++)
            {
                var sent = DateTimeOffset.UtcNow;
                var run = await PostAsync(client, trigger + "?wait=30", ct);
                var started = await RobotStartAsync(client, setup.WorkspaceId, run["id"]!.GetValue<string>(), ct);
                if (i >= 3)
                {
                    // The first runs warm the JIT and the package cache.
                    latencies.Record((long)((started - sent).TotalMilliseconds * 1e6));
                }
            }

            const int drainRuns = 2000;
            var noop = await PostAsync(client, $"api/v1/workspaces/{setup.WorkspaceId}/processes", ct, JsonNode.Parse(
                $$"""{"name":"noop","steps":[{"task_package":{"id":"{{await PackageOfAsync(client, setup, ct)}}"},"task":"Main"}]}""")!);
            var noopTrigger = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{noop["id"]}/process-runs";
            Console.Error.WriteLine($"draining {drainRuns} runs through 8 slots…");
            var drain = Stopwatch.StartNew();
            var ids = new List<string>();
            foreach (var chunk in Enumerable.Range(0, drainRuns).Chunk(32))
            {
                var started = await Task.WhenAll(chunk.Select(_ => PostAsync(client, noopTrigger, ct)));
                ids.AddRange(started.Select(r => r["id"]!.GetValue<string>()));
            }

            await WaitAllEndedAsync(client, setup.WorkspaceId, noop["id"]!.GetValue<string>(), drainRuns, ct);
            drain.Stop();
            await server.StopAsync(TimeSpan.FromSeconds(30));
            var queued = await QueuedDrainAsync(hangarDll, drainRuns, ct);
            var robotMs = ProcessTimeMs();
            var perRun = drain.Elapsed.TotalMilliseconds * 8 / drainRuns;
            var queuedPerRun = queued.FromReady.TotalMilliseconds * 8 / drainRuns;
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# dispatch — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors; SQLite; embedded worker with 8 slots; load average before: {loadBefore}, after: {RunsBenchmark.LoadAverage()} (the benchmark's own load included)")
                .AppendLine("- Robot: `date +%s.%N` (prints the wall-clock time its process started)").AppendLine()
                .AppendLine("| what | p50 ms | p90 ms | p99 ms | samples |").AppendLine("|---|---:|---:|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"| trigger sent → robot process running (idle worker) | {RunsBenchmark.Ms(latencies, 50)} | {RunsBenchmark.Ms(latencies, 90)} | {RunsBenchmark.Ms(latencies, 99)} | {latencies.Count} |")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture,
                    $"Drain: {drainRuns} one-step runs through 8 slots in {drain.Elapsed.TotalSeconds:0.0} s: {perRun:0.0} ms of slot time per run, of which the robot process itself takes about {robotMs:0.0} ms, so about {perRun - robotMs:0.0} ms per run is Hangar's overhead (claim, package, start, console, complete, progression).")
                .AppendLine()
                .AppendLine(CultureInfo.InvariantCulture,
                    $"Drain of a queue filled first: {drainRuns} runs triggered on `hangar serve --no-worker` ({queued.Triggering.TotalSeconds:0.0} s), then `hangar worker start --concurrency 8`: ")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"{queued.FromReady.TotalSeconds:0.00} s from the worker's first line to the last run's end ({queued.FromLaunch.TotalSeconds:0.00} s from its launch, {queued.FirstStartToLastEnd.TotalSeconds:0.00} s from the first run's start): ")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"{queuedPerRun:0.0} ms of slot time per run, so about {queuedPerRun - robotMs:0.0} ms per run is Hangar's overhead. Runs ended: {queued.States}. CPU per run: server {queued.ServerCpuMs / drainRuns:0.0} ms, worker {queued.WorkerCpuMs / drainRuns:0.0} ms (its robots' processes not counted).")
                .AppendLine().AppendLine("Budgets: trigger → robot started p50 ≤ 15 ms, p99 ≤ 60 ms; overhead ≤ 10 ms per run beyond the robot's own process time.");
            return RunsBenchmark.Write(resultsDir, "dispatch", report.ToString());
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private sealed record QueuedDrain(TimeSpan Triggering, TimeSpan FromReady, TimeSpan FromLaunch, TimeSpan FirstStartToLastEnd, string States,
        double ServerCpuMs, double WorkerCpuMs);

    /// <summary>
    /// Fills the queue with <paramref name="runs"/> runs on a server without a worker, then starts a separate worker
    /// with 8 slots and times the drain by the runs' own start and end times.
    /// </summary>
    private static async Task<QueuedDrain> QueuedDrainAsync(string hangarDll, int runs, CancellationToken ct)
    {
        var dataDir = Directory.CreateTempSubdirectory("hangar-bench-").FullName;
        try
        {
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct);
            var setup = await RunsBenchmark.SetupAsync(server.BaseAddress, ct, "tasks:\n  Main:\n    command: [\"date\", \"+%s.%N\"]\n");
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            var ws = setup.WorkspaceId;
            Console.Error.WriteLine($"queueing {runs} runs on a server without a worker…");
            var trigger = $"api/v1/workspaces/{ws}/processes/{setup.ProcessId}/process-runs";
            var triggering = Stopwatch.StartNew();
            foreach (var chunk in Enumerable.Range(0, runs).Chunk(32))
            {
                await Task.WhenAll(chunk.Select(_ => PostAsync(client, trigger, ct)));
            }

            triggering.Stop();
            var token = (await PostAsync(client, $"api/v1/workspaces/{ws}/workers/link-tokens", ct))["link_token"]!.GetValue<string>();
            var config = Path.Combine(dataDir, "worker.json");
            await HangarProcess.RunCommandAsync(hangarDll, dataDir, ct, "worker", "link", token, "--name", "bench", "--server",
                server.BaseAddress.ToString().TrimEnd('/'), "--config", config);
            Console.Error.WriteLine("draining them with `hangar worker start --concurrency 8`…");
            var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
            var launched = DateTimeOffset.UtcNow;
            var (worker, ready) = await HangarProcess.StartWorkerAsync(hangarDll, dataDir, config, 8, server.BaseAddress, ct);
            double workerCpuMs;
            await using (worker)
            {
                await WaitAllEndedAsync(client, ws, setup.ProcessId, runs, ct);
                workerCpuMs = RunsBenchmark.CpuTicks(worker.Id) * 10.0;
            }

            var cpuMs = (RunsBenchmark.CpuTicks(server.Id) - cpuBefore) * 10.0;
            var (firstStart, lastEnd, states) = await RunTimesAsync(client, ws, setup.ProcessId, ct);
            return new QueuedDrain(triggering.Elapsed, lastEnd - ready, lastEnd - launched, lastEnd - firstStart, states, cpuMs, workerCpuMs);
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    /// <summary>The first start and the last end among the process's runs, and how many ended in which state.</summary>
    internal static async Task<(DateTimeOffset FirstStart, DateTimeOffset LastEnd, string States)> RunTimesAsync(HttpClient client, string ws,
        string processId, CancellationToken ct)
    {
        var first = DateTimeOffset.MaxValue;
        var last = DateTimeOffset.MinValue;
        var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? url = $"api/v1/workspaces/{ws}/process-runs?process_id={processId}&limit=500";
        while (url is not null)
        {
            var page = JsonNode.Parse(await client.GetStringAsync(url, ct))!;
            foreach (var run in page["data"]!.AsArray())
            {
                var state = run!["state"]!.GetValue<string>();
                states[state] = states.GetValueOrDefault(state) + 1;
                if (run["started_at"]?.GetValue<DateTimeOffset>() is { } started && started < first)
                {
                    first = started;
                }

                if (run["ended_at"]?.GetValue<DateTimeOffset>() is { } ended && ended > last)
                {
                    last = ended;
                }
            }

            url = page["next"]?.GetValue<string>();
        }

        return (first, last, string.Join(", ", states.Select(s => $"{s.Value} {s.Key}")));
    }

    internal static async Task<JsonNode> PostAsync(HttpClient client, string path, CancellationToken ct, JsonNode? body = null)
    {
        using var content = new StringContent(body?.ToJsonString() ?? "{}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? JsonNode.Parse(text)! : throw new BenchException($"{path} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>The robot's first console line: the time its process started.</summary>
    internal static async Task<DateTimeOffset> RobotStartAsync(HttpClient client, string ws, string runId, CancellationToken ct)
    {
        var stepRun = JsonNode.Parse(await client.GetStringAsync($"api/v1/workspaces/{ws}/step-runs?process_run_id={runId}", ct))!["data"]![0]!["id"]!
            .GetValue<string>();
        var line = JsonNode.Parse(await client.GetStringAsync($"api/v1/workspaces/{ws}/step-runs/{stepRun}/console-messages", ct))!["data"]![0]!["message"]!
            .GetValue<string>();
        var seconds = decimal.Parse(line.Trim(), CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000m));
    }

    internal static async Task<string> PackageOfAsync(HttpClient client, RunsBenchmark.Setup setup, CancellationToken ct) =>
        JsonNode.Parse(await client.GetStringAsync($"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}", ct))!["steps"]![0]!["task_package"]!["id"]!
            .GetValue<string>();

    private static async Task WaitAllEndedAsync(HttpClient client, string ws, string processId, int count, CancellationToken ct)
    {
        while (true)
        {
            var ended = 0;
            foreach (var state in new[] { "completed", "unresolved" })
            {
                var url = $"api/v1/workspaces/{ws}/process-runs?process_id={processId}&state={state}&limit=500";
                while (url is not null)
                {
                    var page = JsonNode.Parse(await client.GetStringAsync(url, ct))!;
                    ended += page["data"]!.AsArray().Count;
                    url = page["next"]?.GetValue<string>();
                }
            }

            if (ended >= count)
            {
                return;
            }

            await Task.Delay(500, ct);
        }
    }

    /// <summary>How long the robot's process takes on its own here: `date` run 50 times.</summary>
    private static double ProcessTimeMs()
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            using var process = Process.Start(new ProcessStartInfo("date", "+%s.%N") { RedirectStandardOutput = true })!;
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }

        return watch.Elapsed.TotalMilliseconds / 50;
    }
}
