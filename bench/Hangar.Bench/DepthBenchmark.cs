using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// Whether costs grow with the data: a worker's claim at queue depths of 10, 10,000 and 100,000 waiting step runs, and
/// the first page of the run list and a trigger with 1,000 and with 1,000,000 runs stored. Each is measured one request
/// at a time (latency, not contention), on the database the options choose, against a server restarted on the grown
/// database. The data is grown with copies of a run the server wrote itself (<see cref="DepthSeed"/>).
/// </summary>
internal static class DepthBenchmark
{
    private static readonly int[] QueueDepths = [10, 10_000, 100_000];
    private static readonly int[] StoredRuns = [1_000, 1_000_000];
    private const int WarmupClaims = 50;
    private const int MeasuredClaims = 300;

    private sealed record Row(string Measure, string Size, LatencyHistogram Latencies, double CpuMicrosPerRequest);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        using var database = BenchDatabase.Create(dataDir, options.Postgres);
        var rows = new List<Row>();
        var loads = new List<string>();
        try
        {
            RunsBenchmark.Setup setup;
            string credential;
            string templateRunId;
            await using (var first = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment()))
            {
                setup = await RunsBenchmark.SetupAsync(first.BaseAddress, "tasks:\n  Main:\n    shell: python -c pass\n", [], retriesOnWorkerLoss: 0,
                    allPermissions: true, ct);
                using var client = KeyClient(first.BaseAddress, setup.Key);
                var token = (await DispatchBenchmark.PostAsync(client, $"api/v1/workspaces/{setup.WorkspaceId}/workers/link-tokens", ct))["link_token"]!
                    .GetValue<string>();
                credential = (await DispatchBenchmark.PostAsync(client, "worker-v1/link", ct,
                    new JsonObject { ["link_token"] = token, ["name"] = "depth-bench" }))["credential"]!.GetValue<string>();
                templateRunId = (await DispatchBenchmark.PostAsync(client, TriggerPath(setup), ct, JsonNode.Parse(TriggerBody)))["id"]!.GetValue<string>();
                await first.StopAsync(TimeSpan.FromSeconds(30));
            }

            // The smallest store first, then the queues (whose runs are stored too), then the largest store.
            var seed = new DepthSeed(database, templateRunId);
            await StoredAsync(StoredRuns[0]);
            foreach (var depth in QueueDepths)
            {
                seed.EndClaimed();
                seed.TrimQueued(depth + WarmupClaims + MeasuredClaims);
                var missing = depth + WarmupClaims + MeasuredClaims - seed.Queued();
                Console.Error.WriteLine($"{database.Kind}: queue of {depth:N0} (+{WarmupClaims + MeasuredClaims} to claim): adding {missing:N0} queued runs…");
                seed.AddQueued((int)missing);
                await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment());
                loads.Add($"claims at {depth:N0}: load average {RunsBenchmark.LoadAverage()}");
                rows.Add(await ClaimsAsync(server, credential, depth, ct));
                await server.StopAsync(TimeSpan.FromSeconds(30));
            }

            seed.EndClaimed();
            await StoredAsync(StoredRuns[1]);

            async Task StoredAsync(int stored)
            {
                var missing = stored - seed.Runs();
                Console.Error.WriteLine($"{database.Kind}: {stored:N0} runs stored: adding {missing:N0} finished runs…");
                var seeding = Stopwatch.StartNew();
                seed.AddFinished((int)missing);
                Console.Error.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:0.0} s");
                await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment());
                loads.Add($"{stored:N0} runs stored: load average {RunsBenchmark.LoadAverage()}");
                rows.Add(await SequentialAsync(server, setup.Key, "first page of the run list (limit 100)", $"{stored:N0} runs",
                    HttpMethod.Get, $"api/v1/workspaces/{setup.WorkspaceId}/process-runs?limit=100", null, options, ct));
                rows.Add(await SequentialAsync(server, setup.Key, "trigger (1 KB payload)", $"{stored:N0} runs",
                    HttpMethod.Post, TriggerPath(setup), TriggerBody, options, ct));
                await server.StopAsync(TimeSpan.FromSeconds(30));
            }

            return RunsBenchmark.Write(resultsDir, database.IsPostgres ? "depth-postgres" : "depth-sqlite", Report(database, options, rows, loads));
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private const string TriggerBody = "{\"type\":\"with_payloads\",\"payloads\":[{\"data\":\"" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" + "\"}]}";

    private static string TriggerPath(RunsBenchmark.Setup setup) => $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";

    private static HttpClient KeyClient(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        return client;
    }

    /// <summary>Claims one step run at a time, as a worker with free slots does, from a queue that many runs deep.</summary>
    private static async Task<Row> ClaimsAsync(HangarProcess server, string credential, int depth, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var latencies = new LatencyHistogram();
        long cpuBefore = 0;
        for (var i = 0; i < WarmupClaims + MeasuredClaims; i++)
        {
            if (i == WarmupClaims)
            {
                cpuBefore = RunsBenchmark.CpuTicks(server.Id);
            }

            var start = Stopwatch.GetTimestamp();
            using var content = new StringContent("{\"wait_seconds\":0}", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("worker-v1/claim", content, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            var elapsed = (long)((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency);
            if ((int)response.StatusCode != 200)
            {
                throw new BenchException($"depth: claim {i + 1} at depth {depth:N0} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            if (i >= WarmupClaims)
            {
                latencies.Record(elapsed);
            }
        }

        var cpu = RunsBenchmark.CpuTicks(server.Id) - cpuBefore;
        return new Row("worker claim", $"{depth:N0} waiting", latencies, cpu * 1e4 / MeasuredClaims);
    }

    private static async Task<Row> SequentialAsync(HangarProcess server, string key, string measure, string size, HttpMethod method, string path, string? body,
        BenchOptions options, CancellationToken ct)
    {
        await RunsBenchmark.LoadAsync(server.BaseAddress, key, method, _ => path, body, 1, TimeSpan.FromSeconds(options.Warmup), ct);
        var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
        var result = await RunsBenchmark.LoadAsync(server.BaseAddress, key, method, _ => path, body, 1, TimeSpan.FromSeconds(options.Seconds), ct);
        var cpu = RunsBenchmark.CpuTicks(server.Id) - cpuBefore;
        if (result.Errors > 0)
        {
            throw new BenchException($"depth: {measure} at {size}: {result.Errors} requests did not answer 2xx");
        }

        return new Row(measure, size, result.Latencies, result.Count == 0 ? 0 : cpu * 1e4 / result.Count);
    }

    private static string Report(BenchDatabase database, BenchOptions options, List<Row> rows, List<string> loads)
    {
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# depth ({database.Kind}) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors; one request at a time; the server restarted on the grown database before each size")
            .AppendLine(CultureInfo.InvariantCulture, $"- Claims: {WarmupClaims} unmeasured, then {MeasuredClaims} measured (the queue shrinks by that many during the measurement)")
            .AppendLine(CultureInfo.InvariantCulture, $"- List and trigger: {options.Warmup} s warm-up, {options.Seconds} s measured, one connection")
            .AppendLine(CultureInfo.InvariantCulture, $"- {string.Join("; ", loads)}").AppendLine()
            .AppendLine("| Measure | Data | p50 ms | p90 ms | p99 ms | Server CPU µs/request | p50 vs smallest |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Measure))
        {
            var smallest = group.First().Latencies.Percentile(50);
            foreach (var row in group)
            {
                var ratio = row.Latencies.Percentile(50) / smallest;
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Measure} | {row.Size} | {RunsBenchmark.Ms(row.Latencies, 50)} | {RunsBenchmark.Ms(row.Latencies, 90)} | {RunsBenchmark.Ms(row.Latencies, 99)} | {row.CpuMicrosPerRequest:0} | {ratio:0.00}× |");
            }
        }

        return report.AppendLine().AppendLine("Goal: each measure's p50 at the largest size within 20 % of the smallest (1.20× or less).").ToString();
    }
}
