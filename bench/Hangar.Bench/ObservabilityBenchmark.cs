using System.Globalization;
using System.Net;
using System.Text;

namespace Hangar.Bench;

/// <summary>
/// What metrics and tracing cost a trigger: two servers side by side, one plain and one with a metrics listener
/// (scraped every 5 s, as Prometheus would) and traces exported over OTLP to a sink in this process that accepts
/// everything, loaded in turn with the same trigger load, round by round.
/// </summary>
internal static class ObservabilityBenchmark
{
    /// <summary>One server configuration under test: its name in the report, its environment and its arguments.</summary>
    private sealed record Side(string Name, string Description, Dictionary<string, string> Environment, string[] Arguments, bool Scraped);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        var sinkPort = HangarProcess.FreeLoopbackPort();
        using var sink = new HttpListener();
        sink.Prefixes.Add($"http://127.0.0.1:{sinkPort}/");
        sink.Start();
        using var stopSink = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sinkLoop = AcceptAllAsync(sink, stopSink.Token);
        var servers = new List<HangarProcess>();
        try
        {
            Dictionary<string, string> Otlp() => new()
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sinkPort}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            };
            var metricsPorts = new Dictionary<string, int> { ["metrics"] = HangarProcess.FreeLoopbackPort(), ["all"] = HangarProcess.FreeLoopbackPort() };
            Side[] configurations =
            [
                new("off", "neither `--metrics-urls` nor an OTLP endpoint", [], [], false),
                new("metrics", "`--metrics-urls`, scraped every 5 s", [], ["--metrics-urls", $"http://127.0.0.1:{metricsPorts["metrics"]}"], true),
                new("otlp", "`OTEL_EXPORTER_OTLP_ENDPOINT` (http/protobuf; metrics, traces and logs) to a sink that accepts everything", Otlp(), [], false),
                new("all", "both of the above", Otlp(), ["--metrics-urls", $"http://127.0.0.1:{metricsPorts["all"]}"], true),
            ];
            var sides = new List<(Side Side, HangarProcess Server, RunsBenchmark.Setup Setup)>();
            foreach (var side in configurations)
            {
                var server = await HangarProcess.StartServerAsync(hangarDll, Directory.CreateDirectory(Path.Combine(dataDir, side.Name)).FullName, ct,
                    environment: side.Environment, arguments: side.Arguments);
                servers.Add(server);
                sides.Add((side, server, await RunsBenchmark.SetupAsync(server.BaseAddress, ct)));
            }

            var body = "{\"type\":\"with_payloads\",\"payloads\":[{\"data\":\"" + new string('x', 1000) + "\"}]}";
            var perRound = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
            var totals = sides.ToDictionary(s => s.Side.Name, _ => (Count: 0L, Cpu: 0L, Latencies: new LatencyHistogram()));
            foreach (var (_, server, setup) in sides)
            {
                var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
                await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections,
                    TimeSpan.FromSeconds(options.Warmup), ct);
            }

            var rounds = new StringBuilder();
            using var scraper = new HttpClient();
            for (var round = 0; round < options.Rounds; round++)
            {
                // Each round visits the sides in another order, so a drift in the machine's load over the run does not
                // fall on one side.
                var order = Enumerable.Range(0, sides.Count).Select(i => sides[(i + round) % sides.Count]);
                foreach (var (side, server, setup) in round % 2 == 0 ? order : order.Reverse())
                {
                    var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
                    using var scraping = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var scrapes = side.Scraped ? ScrapeAsync(scraper, $"http://127.0.0.1:{metricsPorts[side.Name]}/metrics", scraping.Token) : Task.CompletedTask;
                    var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
                    var result = await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections, perRound, ct);
                    var cpu = RunsBenchmark.CpuTicks(server.Id) - cpuBefore;
                    await scraping.CancelAsync();
                    await scrapes;
                    var total = totals[side.Name];
                    total.Latencies.Add(result.Latencies);
                    totals[side.Name] = (total.Count + result.Count, total.Cpu + cpu, total.Latencies);
                    rounds.AppendLine(CultureInfo.InvariantCulture,
                        $"| {round + 1} | {side.Name} | {result.Count / perRound.TotalSeconds:0} | {RunsBenchmark.Ms(result.Latencies, 99)} | {cpu * 1e4 / Math.Max(1, result.Count):0} | {result.Errors} | {RunsBenchmark.LoadAverage()} |");
                }
            }

            double Rate(string side) => totals[side].Count / (perRound.TotalSeconds * options.Rounds);
            double Cpu(string side) => totals[side].Cpu * 1e4 / Math.Max(1, totals[side].Count);
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# observability — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors; {sides.Count} SQLite servers, loaded in turn, {options.Connections} connections, {options.Rounds} rounds of {perRound.TotalSeconds:0.#} s each after {options.Warmup} s warm-up each")
                .AppendLine(CultureInfo.InvariantCulture, $"- load average before: {RunsBenchmark.LoadAverage()}");
            foreach (var (side, _, _) in sides)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"- `{side.Name}`: {side.Description}");
            }

            report.AppendLine().AppendLine("| Round | Side | Runs/s | p99 ms | Server CPU µs/run | Errors | Load average |").AppendLine("|---:|---|---:|---:|---:|---:|---|")
                .Append(rounds).AppendLine()
                .AppendLine("| side | runs/s | ÷ off | p99 ms | server CPU µs/run | ÷ off |").AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var (side, _, _) in sides)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {side.Name} | {Rate(side.Name):0} | {Rate(side.Name) / Rate("off"):0.000} | {RunsBenchmark.Ms(totals[side.Name].Latencies, 99)} | {Cpu(side.Name):0} | {Cpu(side.Name) / Cpu("off"):0.000} |");
            }

            report.AppendLine().AppendLine("Budget: metrics and tracing cost at most 5 % (runs/s and CPU per run).");
            return RunsBenchmark.Write(resultsDir, "observability", report.ToString());
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            await stopSink.CancelAsync();
            sink.Stop();
            try
            {
                await sinkLoop;
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
            }

            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private static async Task AcceptAllAsync(HttpListener sink, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var context = await sink.GetContextAsync().WaitAsync(ct);
            await context.Request.InputStream.CopyToAsync(Stream.Null, ct);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private static async Task ScrapeAsync(HttpClient client, string url, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var response = await client.GetAsync(url, ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new BenchException($"observability: {url} answered {(int)response.StatusCode}");
                }

                await response.Content.LoadIntoBufferAsync(ct);
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
