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
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        var sinkPort = HangarProcess.FreeLoopbackPort();
        var metricsPort = HangarProcess.FreeLoopbackPort();
        using var sink = new HttpListener();
        sink.Prefixes.Add($"http://127.0.0.1:{sinkPort}/");
        sink.Start();
        using var stopSink = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sinkLoop = AcceptAllAsync(sink, stopSink.Token);
        try
        {
            var plainDir = Directory.CreateDirectory(Path.Combine(dataDir, "plain")).FullName;
            var observedDir = Directory.CreateDirectory(Path.Combine(dataDir, "observed")).FullName;
            await using var plain = await HangarProcess.StartServerAsync(hangarDll, plainDir, ct);
            await using var observed = await HangarProcess.StartServerAsync(hangarDll, observedDir, ct,
                environment: new Dictionary<string, string>
                {
                    ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sinkPort}",
                    ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                },
                arguments: ["--metrics-urls", $"http://127.0.0.1:{metricsPort}"]);
            var sides = new[] { ("off", plain, await RunsBenchmark.SetupAsync(plain.BaseAddress, ct)), ("on", observed, await RunsBenchmark.SetupAsync(observed.BaseAddress, ct)) };
            var body = "{\"type\":\"with_payloads\",\"payloads\":[{\"data\":\"" + new string('x', 1000) + "\"}]}";
            var perRound = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
            var totals = sides.ToDictionary(s => s.Item1, _ => (Count: 0L, Cpu: 0L, Latencies: new LatencyHistogram()));
            foreach (var (name, server, setup) in sides)
            {
                var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
                await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections,
                    TimeSpan.FromSeconds(options.Warmup), ct);
            }

            var rounds = new StringBuilder();
            using var scraper = new HttpClient();
            for (var round = 0; round < options.Rounds; round++)
            {
                foreach (var (name, server, setup) in round % 2 == 0 ? sides : sides.Reverse())
                {
                    var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
                    using var scraping = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var scrapes = name == "on" ? ScrapeAsync(scraper, $"http://127.0.0.1:{metricsPort}/metrics", scraping.Token) : Task.CompletedTask;
                    var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
                    var result = await RunsBenchmark.LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections, perRound, ct);
                    var cpu = RunsBenchmark.CpuTicks(server.Id) - cpuBefore;
                    await scraping.CancelAsync();
                    await scrapes;
                    var total = totals[name];
                    total.Latencies.Add(result.Latencies);
                    totals[name] = (total.Count + result.Count, total.Cpu + cpu, total.Latencies);
                    rounds.AppendLine(CultureInfo.InvariantCulture,
                        $"| {round + 1} | {name} | {result.Count / perRound.TotalSeconds:0} | {RunsBenchmark.Ms(result.Latencies, 99)} | {cpu * 1e4 / Math.Max(1, result.Count):0} | {result.Errors} | {RunsBenchmark.LoadAverage()} |");
                }
            }

            double Rate(string side) => totals[side].Count / (perRound.TotalSeconds * options.Rounds);
            double Cpu(string side) => totals[side].Cpu * 1e4 / Math.Max(1, totals[side].Count);
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# observability — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors; two SQLite servers, loaded in turn, {options.Connections} connections, {options.Rounds} rounds of {perRound.TotalSeconds:0.#} s each after {options.Warmup} s warm-up each")
                .AppendLine("- `on`: `--metrics-urls` (scraped every 5 s) and `OTEL_EXPORTER_OTLP_ENDPOINT` (http/protobuf) to a sink that accepts everything; `off`: neither")
                .AppendLine().AppendLine("| Round | Metrics and traces | Runs/s | p99 ms | Server CPU µs/run | Errors | Load average |").AppendLine("|---:|---|---:|---:|---:|---:|---|")
                .Append(rounds).AppendLine()
                .AppendLine("| | off | on | on ÷ off |").AppendLine("|---|---:|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| runs/s | {Rate("off"):0} | {Rate("on"):0} | {Rate("on") / Rate("off"):0.000} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| p99 ms | {RunsBenchmark.Ms(totals["off"].Latencies, 99)} | {RunsBenchmark.Ms(totals["on"].Latencies, 99)} | |")
                .AppendLine(CultureInfo.InvariantCulture, $"| server CPU µs/run | {Cpu("off"):0} | {Cpu("on"):0} | {Cpu("on") / Cpu("off"):0.000} |")
                .AppendLine().AppendLine("Budget: metrics and tracing cost at most 5 % (runs/s and CPU per run).");
            return RunsBenchmark.Write(resultsDir, "observability", report.ToString());
        }
        finally
        {
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
