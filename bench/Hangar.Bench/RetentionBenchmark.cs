using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hangar.Bench;

/// <summary>
/// Retention's deletion rate on SQLite or PostgreSQL: 100,000 finished runs (with step runs, items, console lines,
/// artifacts and item files) seeded into a stopped server's database, then deleted by the server's housekeeping once the workspace's
/// retention is set, while triggers keep coming at a steady pace. Reports runs deleted per second and the triggers'
/// latency before and during the deletion.
/// </summary>
internal static partial class RetentionBenchmark
{
    private const int YoungRuns = 1_000;
    private const int TriggerConnections = 4;
    private static readonly TimeSpan TriggerInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        var oldRuns = options.OldRuns;
        using var database = BenchDatabase.Create(dataDir, options.Postgres);
        try
        {
            var loadBefore = RunsBenchmark.LoadAverage();
            var blobRoot = Path.Combine(dataDir, "blobs");
            RunsBenchmark.Setup setup;
            await using (var first = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment()))
            {
                setup = await RunsBenchmark.SetupAsync(first.BaseAddress, ct);
                // Kept forever until the measurement starts, so that the restarted server deletes nothing on its own.
                using var admin = await AdminAsync(first.BaseAddress, ct);
                await RunsBenchmark.SendAsync(admin, HttpMethod.Put, $"api/v1/workspaces/{setup.WorkspaceId}/settings",
                    new JsonObject { ["run_retention_days"] = null }, ct);
                await first.StopAsync(TimeSpan.FromSeconds(30));
            }

            Console.Error.WriteLine($"seeding {oldRuns:N0} finished runs (200 days old) and {YoungRuns:N0} young ones into {database.Kind}…");
            var seedWatch = Stopwatch.StartNew();
            var now = DateTimeOffset.UtcNow;
            var old = database.Seed(blobRoot, setup, oldRuns, now.AddDays(-200), files: true, firstNumber: 1);
            database.Seed(blobRoot, setup, YoungRuns, now.AddDays(-1), files: false, firstNumber: oldRuns + 1);
            Console.Error.WriteLine($"seeded {RetentionSeed.Count(old.Rows)} rows and {old.Blobs:N0} blobs in {seedWatch.Elapsed.TotalSeconds:0.0} s");

            // Housekeeping every 2 s instead of every hour, so that retention starts soon after it is set; its log line says how fast it went.
            var environment = database.ServerEnvironment();
            environment["HANGAR_HOUSEKEEPING_INTERVAL_SECONDS"] = "2";
            environment["Logging__LogLevel__Hangar.Server.Hosting.Housekeeping"] = "Information";
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: environment);
            using var adminClient = await AdminAsync(server.BaseAddress, ct);
            using var reader = new HttpClient { BaseAddress = server.BaseAddress };
            reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            var ws = setup.WorkspaceId;
            var before = await UsageAsync(reader, ws, ct);
            var sizeBefore = database.SizeBytes();
            var blobsBefore = RetentionSeed.CountBlobs(blobRoot, ws);
            var triggerPath = $"api/v1/workspaces/{ws}/processes/{setup.ProcessId}/process-runs";

            // Unmeasured: the server's first requests pay for JIT compilation and warm caches.
            Console.Error.WriteLine($"warm-up: triggers for {options.Warmup} s…");
            var warmup = await PacedTriggersAsync(server.BaseAddress, setup.Key, triggerPath, TimeSpan.FromSeconds(options.Warmup), ct);
            Console.Error.WriteLine($"baseline: triggers at {TriggerConnections} × {1000 / TriggerInterval.TotalMilliseconds:0}/s for {options.Seconds} s…");
            var baseline = await PacedTriggersAsync(server.BaseAddress, setup.Key, triggerPath, TimeSpan.FromSeconds(options.Seconds), ct);

            Console.Error.WriteLine("setting the retention to 90 days; deleting while triggering…");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var during = PacedTriggersAsync(server.BaseAddress, setup.Key, triggerPath, TimeSpan.FromMinutes(30), stop.Token);
            var setAt = Stopwatch.GetTimestamp();
            await RunsBenchmark.SendAsync(adminClient, HttpMethod.Put, $"api/v1/workspaces/{ws}/settings", new JsonObject { ["run_retention_days"] = 90 }, ct);
            long? firstGoneAt = null;
            long doneAt;
            var oldEnd = now.AddDays(-100);
            while (true)
            {
                await Task.Delay(250, ct);
                // Read beside the server: the runs that ended before then are the old ones.
                var remainingOld = database.CountRuns(ws, oldEnd, before: true);
                if (firstGoneAt is null && remainingOld < oldRuns)
                {
                    firstGoneAt = Stopwatch.GetTimestamp();
                }

                if (remainingOld <= 0)
                {
                    doneAt = Stopwatch.GetTimestamp();
                    break;
                }

                if (Stopwatch.GetElapsedTime(setAt).TotalMinutes > 30 || server.HasExited)
                {
                    throw new BenchException($"retention did not finish within 30 minutes ({remainingOld:N0} old runs left):{Environment.NewLine}{server.RecentOutput()}");
                }
            }

            await stop.CancelAsync();
            var load = await during;
            var blobsLeft = await WaitForBlobsAsync(blobRoot, ws, ct);
            var after = await UsageAsync(reader, ws, ct);
            var youngKept = database.CountRuns(ws, oldEnd, before: false);
            await Task.Delay(3000, ct); // the last reclaim steps and a checkpoint
            var sizeAfter = database.SizeBytes();
            var space = database.SpaceNote();
            var sweepLine = SweepLine().Match(server.RecentOutput());
            var clientSeconds = (doneAt - firstGoneAt!.Value) / (double)Stopwatch.Frequency;

            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# retention — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors, shared with other work (load average before: {loadBefore}, after: {RunsBenchmark.LoadAverage()}); {database.Kind}{(database.IsPostgres ? " (the shared dev cluster on the same machine)" : " (WAL)")}")
                .AppendLine(CultureInfo.InvariantCulture, $"- Seeded straight into the stopped server's database: {oldRuns:N0} runs that ended 200 days ago ({RetentionSeed.Count(old.Rows)} rows: each run with a step run, 2 events, an input and an output item and {RetentionSeed.ConsoleLinesPerRun} console lines; an artifact every {RetentionSeed.ArtifactEvery}th run and an item file every {RetentionSeed.ItemFileEvery}th: {old.Blobs:N0} blobs on disk), and {YoungRuns:N0} runs that ended yesterday")
                .AppendLine(CultureInfo.InvariantCulture, $"- Retention set to 90 days over the API; housekeeping every 2 s (1 h by default), batches of 100 runs; triggers (1 small payload) from {TriggerConnections} connections, one every {TriggerInterval.TotalMilliseconds:0} ms each, before (after {options.Warmup} s of unmeasured warm-up) and during the deletion")
                .AppendLine()
                .AppendLine("| | |").AppendLine("|---|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| Runs deleted | {before.Runs + warmup.Count + baseline.Count + load.Count - after.Runs:N0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Deletion rate, server's sweep (log) | {(sweepLine.Success ? sweepLine.Groups["rate"].Value : "n/a")} runs/s ({(sweepLine.Success ? sweepLine.Groups["seconds"].Value : "n/a")} s, blobs and reclaim included) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Deletion rate, seen by the client (first run gone → last run gone, polled every 250 ms) | {oldRuns / clientSeconds:0} runs/s ({clientSeconds:0.0} s) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Blob files | {blobsBefore:N0} → {blobsLeft:N0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Database size{(database.IsPostgres ? "" : " (file with WAL)")} | {sizeBefore / 1048576.0:0.0} MiB → {sizeAfter / 1048576.0:0.0} MiB ({space}) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Young runs kept | {youngKept:N0} of {YoungRuns:N0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| Artifacts and item files (rows) | {before.Artifacts + before.ItemFiles:N0} → {after.Artifacts + after.ItemFiles:N0} |")
                .AppendLine()
                .AppendLine("| Triggers | Count | Errors | p50 ms | p90 ms | p99 ms | max ms |")
                .AppendLine("|---|---:|---:|---:|---:|---:|---:|")
                .AppendLine(Row("before the deletion", baseline))
                .AppendLine(Row("during the deletion", load))
                .AppendLine()
                .AppendLine(database.IsPostgres
                    ? "Each batch is one transaction on the runs it locked; triggers write other rows and do not wait for it."
                    : "Each batch holds SQLite's single writer for its transaction; a trigger that arrives meanwhile waits for that batch (not for the whole deletion).");
            if (sweepLine.Success)
            {
                report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Server log: `{sweepLine.Value.Trim()}`");
            }

            return RunsBenchmark.Write(resultsDir, database.IsPostgres ? "retention-postgres" : "retention-sqlite", report.ToString());
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private sealed record Usage(long Runs, long Artifacts, long ItemFiles);

    private sealed record TriggerResult(LatencyHistogram Latencies, long Count, long Errors);

    private static string Row(string label, TriggerResult result) => string.Create(CultureInfo.InvariantCulture,
        $"| {label} | {result.Count:N0} | {result.Errors} | {RunsBenchmark.Ms(result.Latencies, 50)} | {RunsBenchmark.Ms(result.Latencies, 90)} | {RunsBenchmark.Ms(result.Latencies, 99)} | {result.Latencies.MaxNanoseconds / 1e6:0.00} |");

    /// <summary>Triggers at a steady pace (each connection one every <see cref="TriggerInterval"/>), until the duration or <paramref name="ct"/> ends.</summary>
    private static async Task<TriggerResult> PacedTriggersAsync(Uri baseAddress, string key, string path, TimeSpan duration, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = TriggerConnections, UseCookies = false, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        var histograms = new LatencyHistogram[TriggerConnections];
        long errors = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, TriggerConnections).Select(async worker =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            var next = Stopwatch.GetTimestamp();
            while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = new StringContent("""{"type":"with_payloads","payloads":[{"invoice":1}]}""", Encoding.UTF8, "application/json"),
                };
                using var response = await client.SendAsync(request, CancellationToken.None);
                await response.Content.LoadIntoBufferAsync(CancellationToken.None);
                histogram.Record((long)((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }

                next += (long)(TriggerInterval.TotalSeconds * Stopwatch.Frequency);
                var wait = (next - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency;
                if (wait > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), ct);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
                else
                {
                    next = Stopwatch.GetTimestamp();
                }
            }
        }));
        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }

        return new TriggerResult(all, all.Count - errors, errors);
    }

    private static async Task<HttpClient> AdminAsync(Uri baseAddress, CancellationToken ct)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        await RunsBenchmark.SendAsync(client, HttpMethod.Post, "api/v1/auth/login",
            new JsonObject { ["username"] = "admin", ["password"] = HangarProcess.AdminPassword }, ct);
        return client;
    }

    private static async Task<Usage> UsageAsync(HttpClient client, string ws, CancellationToken ct)
    {
        var usage = await RunsBenchmark.SendAsync(client, HttpMethod.Get, $"api/v1/workspaces/{ws}/usage", null, ct);
        return new Usage(usage["process_runs"]!.GetValue<long>(), usage["artifacts"]!["count"]!.GetValue<long>(),
            usage["work_item_files"]!["count"]!.GetValue<long>());
    }

    /// <summary>Blobs are deleted after their rows: waits (up to a minute) until none is left, and answers how many are.</summary>
    private static async Task<int> WaitForBlobsAsync(string blobRoot, string ws, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        int left;
        while ((left = RetentionSeed.CountBlobs(blobRoot, ws)) > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(250, ct);
        }

        return left;
    }

    [GeneratedRegex(@"Retention deleted (?<runs>\d+) expired runs.*? in (?<seconds>[\d.]+) s \((?<rate>\d+) runs/s\)")]
    private static partial Regex SweepLine();
}
