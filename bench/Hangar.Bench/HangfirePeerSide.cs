using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// Hangfire's side of the peers benchmark (<see cref="HangfirePeerProcess"/>). Each part gets a fresh work folder
/// (SQLite file, robot folder, result files) and on PostgreSQL a scratch database. The app is both the server and the
/// worker, so its CPU is server + worker.
/// </summary>
internal sealed class HangfirePeerSide(string dll, PeersSetup peers)
{
    /// <summary>The trigger part: the app without a Hangfire server (0 workers), so it only enqueues.</summary>
    public async Task<TriggerFigures> TriggerAsync(string? cluster, CancellationToken ct)
    {
        var workDir = Directory.CreateTempSubdirectory("hangfire-peers-").FullName;
        try
        {
            using var database = PeerDatabase.Create(cluster);
            await using var app = await HangfirePeerProcess.StartAsync(dll, workDir, database.ConnectionString, 0, peers.PollMs, peers.RobotCommand, ct);
            await Task.Delay(1000, ct);
            var idle = app.Memory();
            // The load generator sends a workspace key header on every request; Hangfire ignores it.
            await RunsBenchmark.LoadAsync(app.BaseAddress, "none", HttpMethod.Post, _ => "jobs", peers.Payload, peers.Connections, peers.Warmup, ct);
            var conditions = PartConditions.Begin();
            var cpuBefore = RunsBenchmark.CpuTicks(app.Id);
            var result = await RunsBenchmark.LoadAsync(app.BaseAddress, "none", HttpMethod.Post, _ => "jobs", peers.Payload, peers.Connections, peers.Measured, ct);
            var cpuMs = (RunsBenchmark.CpuTicks(app.Id) - cpuBefore) * 10.0;
            var during = conditions();
            return new TriggerFigures(result.Count / peers.Measured.TotalSeconds, result.Latencies, result.Errors, cpuMs / Math.Max(1, result.Count), idle,
                app.Memory(), during);
        }
        finally
        {
            RunsBenchmark.TryDelete(workDir);
        }
    }

    /// <summary>Sequential jobs on the app with 8 workers; then the drain of a queue filled by the app without workers.</summary>
    public async Task<DispatchFigures> DispatchAsync(string? cluster, CancellationToken ct)
    {
        var workDir = Directory.CreateTempSubdirectory("hangfire-peers-").FullName;
        var results = Path.Combine(workDir, "results");
        try
        {
            using var database = PeerDatabase.Create(cluster);
            var firstLine = new LatencyHistogram();
            long idleRss;
            PartConditions latencyConditions;
            await using (var app = await HangfirePeerProcess.StartAsync(dll, workDir, database.ConnectionString, PeersSetup.Slots, peers.PollMs,
                             peers.RobotCommand, ct))
            {
                using var client = new HttpClient { BaseAddress = app.BaseAddress };
                await Task.Delay(1000, ct);
                idleRss = app.Memory()?.RssKiB ?? 0;
                var conditions = PartConditions.Begin();
                for (var i = 0; i < PeersSetup.WarmupRuns + peers.SequentialRuns; i++)
                {
                    var sent = DateTimeOffset.UtcNow;
                    var id = await EnqueueAsync(client, ct);
                    var result = await WaitResultAsync(client, id, ct);
                    var seconds = decimal.Parse(result["first_line"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    if (i >= PeersSetup.WarmupRuns)
                    {
                        firstLine.Record(Math.Max(0, (long)((DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000m)) - sent).TotalMilliseconds * 1e6)));
                    }
                }

                latencyConditions = conditions();
            }

            Console.Error.WriteLine($"  queueing {peers.DrainRuns} jobs…");
            await using (var filler = await HangfirePeerProcess.StartAsync(dll, workDir, database.ConnectionString, 0, peers.PollMs, peers.RobotCommand, ct))
            {
                using var client = new HttpClient { BaseAddress = filler.BaseAddress };
                foreach (var chunk in Enumerable.Range(0, peers.DrainRuns).Chunk(32))
                {
                    await Task.WhenAll(chunk.Select(_ => EnqueueAsync(client, ct)));
                }
            }

            foreach (var file in Directory.EnumerateFiles(results))
            {
                File.Delete(file);
            }

            Console.Error.WriteLine($"  draining them with {PeersSetup.Slots} Hangfire workers…");
            var drainConditions = PartConditions.Begin();
            var launched = DateTimeOffset.UtcNow;
            (long Own, long Children) ticks;
            long peak;
            await using (var app = await HangfirePeerProcess.StartAsync(dll, workDir, database.ConnectionString, PeersSetup.Slots, peers.PollMs,
                             peers.RobotCommand, ct))
            {
                var deadline = Stopwatch.StartNew();
                while (Directory.EnumerateFiles(results, "*.json").Count() < peers.DrainRuns)
                {
                    if (deadline.Elapsed > TimeSpan.FromMinutes(30))
                    {
                        throw new BenchException("Hangfire's drain did not finish within 30 minutes.");
                    }

                    await Task.Delay(250, ct);
                }

                ticks = MachineShares.ProcessTicks(app.Id);
                peak = app.Memory()?.PeakRssKiB ?? 0;
            }

            var drained = drainConditions();
            double first = double.MaxValue, last = double.MinValue;
            var states = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(results, "*.json"))
            {
                var result = JsonNode.Parse(await File.ReadAllTextAsync(file, ct))!;
                first = Math.Min(first, result["started_at"]!.GetValue<double>());
                last = Math.Max(last, result["ended_at"]!.GetValue<double>());
                var state = result["exit_code"]!.GetValue<int>() == 0 ? "succeeded" : "failed";
                states[state] = states.GetValueOrDefault(state) + 1;
            }

            return new DispatchFigures(firstLine, idleRss, peers.DrainRuns, last - first, last - launched.ToUnixTimeMilliseconds() / 1000.0,
                ticks.Own * 10.0 / peers.DrainRuns, ticks.Children * 10.0 / peers.DrainRuns, peak,
                string.Join(", ", states.Select(s => $"{s.Value} {s.Key}")), latencyConditions, drained);
        }
        finally
        {
            RunsBenchmark.TryDelete(workDir);
        }
    }

    private async Task<string> EnqueueAsync(HttpClient client, CancellationToken ct)
    {
        using var content = new StringContent(peers.Payload, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("jobs", UriKind.Relative), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!["id"]!.GetValue<string>()
            : throw new BenchException($"POST /jobs answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>Polls <c>GET /jobs/{id}</c> every 5 ms until the job's result file is there (the robot's first line is read from it, not timed by the poll).</summary>
    private static async Task<JsonNode> WaitResultAsync(HttpClient client, string id, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var job = JsonNode.Parse(await client.GetStringAsync(new Uri($"jobs/{id}", UriKind.Relative), ct))!;
            if (job["result"] is JsonObject result)
            {
                return result;
            }

            if (job["state"]?.GetValue<string>() is "Failed" or "Deleted")
            {
                throw new BenchException($"Hangfire job {id} ended {job["state"]} without a result.");
            }

            await Task.Delay(5, ct);
        }

        throw new BenchException($"Hangfire job {id} had no result within 60 s.");
    }
}
