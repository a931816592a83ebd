using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Hangar.Bench;

/// <summary>
/// <c>auth-overhead</c>: what workspace API key authentication adds to a cheap GET, against a budget of at most 5 %.
/// <para>
/// The server cannot switch authentication off, so "the same request without authentication" is approximated in
/// three ways, all reported: <c>GET /healthz</c> without and with the key (authentication runs for every request
/// that carries an Authorization header, and /healthz has no access requirement, so the key is the only difference:
/// this is the budgeted figure); <c>GET /api/v1/workspaces/{id}</c> minus <c>GET /healthz</c> (an upper bound of
/// authentication + access check + endpoint); and <c>GET /api/v1/workspaces/{id}</c> against
/// <c>GET /api/v1/permissions</c>, both with the key (what the workspace route adds on top of authentication).
/// </para>
/// </summary>
internal static class AuthOverheadBenchmark
{
    public const double BudgetPercent = 5.0;

    /// <summary>A round in which other processes used more than this share of the machine is left out of the verdict.</summary>
    public const double DisturbedShare = 0.05;

    private const string Healthz = "healthz";
    private const string HealthzKey = "healthz+key";
    private const string PermissionsKey = "permissions+key";
    private const string WorkspaceKey = "workspace+key";

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var loadBefore = LoadAverage();
        var root = RepoPaths.FindRoot();
        var hangarDll = RepoPaths.FindHangarDll(options.Hangar, root);
        var resultsDir = Path.GetFullPath(options.ResultsDirectory ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "bench", "results"));
        var dataDir = Directory.CreateTempSubdirectory("hangar-bench-").FullName;
        Progress($"server: {hangarDll}");
        Progress($"data directory: {dataDir}");
        try
        {
            // The first 'serve' on an empty data directory creates the Default workspace; 'admin create-api-key'
            // needs it. So: start once, stop, create the key offline, then start again for the measurement.
            Progress("first start (creates the Default workspace)…");
            await using (await HangarProcess.StartServerAsync(hangarDll, dataDir, ct))
            {
            }

            var key = await CreateKeyAsync(hangarDll, dataDir, ct);
            Progress($"API key '{key.Name}' created in workspace {key.WorkspaceId}");

            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct);
            Progress($"server ready at {server.BaseAddress} (pid {server.Id})");
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var idle = server.Memory();

            var authorization = $"RC-WSKEY {key.Key}";
            RequestKind[] kinds =
            [
                new(Healthz, "healthz", null, "`GET /healthz`, no credential: the cheapest route"),
                new(HealthzKey, "healthz", authorization, "`GET /healthz` with the key: the same request plus key authentication"),
                new(PermissionsKey, "api/v1/permissions", authorization, "`GET /api/v1/permissions` with the key: any-caller route, no DB work beyond authentication"),
                new(WorkspaceKey, $"api/v1/workspaces/{key.WorkspaceId}", authorization, "`GET /api/v1/workspaces/{id}` with the key: authentication + workspace access check + workspace read"),
            ];

            using var load = new LoadGenerator(server.BaseAddress, options.Connections);
            await CheckSetupAsync(load, kinds, key.WorkspaceId, ct);

            var clockTicksPerSecond = await ClockTicksPerSecondAsync(ct);
            var cpu = new CpuMeter(server.Id);

            if (options.Warmup > 0)
            {
                foreach (var kind in kinds)
                {
                    Progress($"warm-up {kind.Label}: {options.Warmup:0.#} s");
                    await load.RunAsync(kind, TimeSpan.FromSeconds(options.Warmup), cpu, ct);
                }
            }

            var slice = TimeSpan.FromSeconds(options.Seconds / options.Rounds);
            var slices = new List<(int Round, SliceResult Result)>();
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var j = 0; j < kinds.Length; j++)
                {
                    var kind = kinds[(round + j) % kinds.Length];
                    var result = await load.RunAsync(kind, slice, cpu, ct);
                    slices.Add((round, result));
                    Progress($"round {round + 1}/{options.Rounds} {kind.Label,-16} {result.RequestsPerSecond,9:0} req/s  " +
                             $"mean {Ms(result.Latencies.MeanNanoseconds)} ms  errors {result.Errors}  " +
                             $"CPU server {Share(result.Cpu?.ServerShare)} bench {Share(result.Cpu?.SelfShare)} other {Share(result.Cpu?.OtherShare)}");
                }
            }

            var loaded = server.Memory();
            var loadAfter = LoadAverage();
            if (server.HasExited)
            {
                throw new BenchException($"the server exited during the run:{Environment.NewLine}{server.RecentOutput()}");
            }

            var totals = kinds.Select(k => new KindTotals(k, slices.Where(s => s.Result.Kind == k).Select(s => s.Result).ToList(), clockTicksPerSecond))
                .ToDictionary(t => t.Kind.Label);
            var report = Report(options, hangarDll, root, kinds, totals, slices, idle, loaded, clockTicksPerSecond, (loadBefore, loadAfter));
            Console.WriteLine();
            Console.WriteLine(report);

            Directory.CreateDirectory(resultsDir);
            var file = Path.Combine(resultsDir, $"auth-overhead-{DateTime.Now:yyyy-MM-dd}.md");
            await File.WriteAllTextAsync(file, report, ct);
            Progress($"report written to {file}");
            return totals.Values.Any(t => t.Errors > 0) ? 1 : 0;
        }
        finally
        {
            DeleteQuietly(dataDir);
        }
    }

    private sealed record CreatedKey(string WorkspaceId, string Name, string Key);

    private static async Task<CreatedKey> CreateKeyAsync(string hangarDll, string dataDir, CancellationToken ct)
    {
        var output = await HangarProcess.RunCommandAsync(hangarDll, dataDir, ct,
            "admin", "create-api-key", "--workspace", "Default", "--name", "bench", "--all-permissions", "--json", "--data-dir", dataDir);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith('{')) ?? throw new BenchException($"create-api-key printed no JSON: {output}");
        using var json = JsonDocument.Parse(line);
        string Field(string name) => json.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new BenchException($"create-api-key printed no '{name}': {line}");
        return new CreatedKey(Field("workspace_id"), Field("name"), Field("key"));
    }

    /// <summary>Every kind must answer 200, and the workspace route must refuse a request without the key.</summary>
    private static async Task CheckSetupAsync(LoadGenerator load, RequestKind[] kinds, string workspaceId, CancellationToken ct)
    {
        foreach (var kind in kinds)
        {
            var (status, body) = await load.ProbeAsync(kind, ct);
            if (status != HttpStatusCode.OK)
            {
                throw new BenchException($"{kind.Label}: GET /{kind.Path} answered {(int)status}, not 200: {body}");
            }
        }

        var anonymous = new RequestKind("workspace (no key)", $"api/v1/workspaces/{workspaceId}", null, "");
        var (refused, _) = await load.ProbeAsync(anonymous, ct);
        if (refused != HttpStatusCode.Unauthorized)
        {
            throw new BenchException($"GET /api/v1/workspaces/{{id}} without a key answered {(int)refused}, not 401: is authentication on?");
        }
    }

    private sealed class KindTotals
    {
        public KindTotals(RequestKind kind, IReadOnlyList<SliceResult> slices, double clockTicksPerSecond)
        {
            Kind = kind;
            Slices = slices;
            foreach (var slice in slices)
            {
                Latencies.Add(slice.Latencies);
            }

            Errors = slices.Sum(s => s.Errors);
            Seconds = slices.Sum(s => s.Elapsed.TotalSeconds);
            CpuMicrosecondsPerRequest = slices.All(s => s.Cpu is not null) && Latencies.Count > 0
                ? slices.Sum(s => s.Cpu!.Value.Server) / clockTicksPerSecond * 1e6 / (Latencies.Count + Errors)
                : double.NaN;
        }

        public RequestKind Kind { get; }

        public IReadOnlyList<SliceResult> Slices { get; }

        public LatencyHistogram Latencies { get; } = new();

        public long Errors { get; }

        public double Seconds { get; }

        public double RequestsPerSecond => Latencies.Count / Seconds;

        /// <summary>The server's user + system CPU time per request, in µs (NaN off Linux).</summary>
        public double CpuMicrosecondsPerRequest { get; }
    }

    private static string Report(
        BenchOptions options, string hangarDll, string? root, RequestKind[] kinds, Dictionary<string, KindTotals> totals,
        List<(int Round, SliceResult Result)> slices, MemorySample? idle, MemorySample? loaded, double clockTicksPerSecond,
        (string Before, string After) loadAverage)
    {
        var md = new StringBuilder();
        var shownDll = root is not null && hangarDll.StartsWith(root, StringComparison.Ordinal)
            ? Path.GetRelativePath(root, hangarDll)
            : hangarDll;
        md.AppendLine($"# auth-overhead — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"- Machine: {Environment.ProcessorCount} logical processors ({CpuModel()}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        md.AppendLine($"- Load average (1/5/15 min) before the run: {loadAverage.Before}; after: {loadAverage.After} (anything well above 0 before the run means other work competed for the cores)");
        md.AppendLine($"- Server: `dotnet {shownDll} serve --no-worker` (SQLite, fresh data directory), on the same machine as the load generator");
        md.AppendLine($"- Load: {options.Connections} connections (closed loop, keep-alive), warm-up {options.Warmup:0.#} s per kind, " +
                      $"{options.Seconds:0.#} s measured per kind in {options.Rounds} rounds of {options.Seconds / options.Rounds:0.##} s (kinds interleaved, order rotated each round)");
        md.AppendLine($"- Command: `dotnet run -c Release --project bench/Hangar.Bench -- auth-overhead --connections {options.Connections} " +
                      $"--seconds {options.Seconds:0.#} --warmup {options.Warmup:0.#} --rounds {options.Rounds}`");
        if (options.Warmup < 3 || options.Seconds < 10)
        {
            md.AppendLine("- **Smoke test only:** with less than 3 s of warm-up per kind or 10 s of measurement the server is still " +
                          "warming up (tiered JIT) during the first round and the figures are not meaningful.");
        }

        md.AppendLine($"- Server memory (VmRSS): idle {Memory(idle?.RssKiB)}, after the load {Memory(loaded?.RssKiB)}, peak (VmHWM) {Memory(loaded?.PeakRssKiB)}");
        md.AppendLine();

        md.AppendLine("| Request | Req/s | Mean ms | p50 ms | p90 ms | p99 ms | Server CPU µs/req | Requests | Errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in kinds)
        {
            var t = totals[kind.Label];
            var h = t.Latencies;
            md.AppendLine($"| {kind.Description} | {t.RequestsPerSecond:0} | {Ms(h.MeanNanoseconds)} | {Ms(h.Percentile(50))} | " +
                          $"{Ms(h.Percentile(90))} | {Ms(h.Percentile(99))} | {t.CpuMicrosecondsPerRequest:0.0} | {h.Count} | {t.Errors} |");
        }

        md.AppendLine();
        md.AppendLine("## Overhead");
        md.AppendLine();
        md.AppendLine("| Comparison | What differs | Δ mean latency | Mean latency | p50 | Req/s | Server CPU per request |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        var auth = Compare(totals[Healthz], totals[HealthzKey]);
        var upper = Compare(totals[Healthz], totals[WorkspaceKey]);
        var route = Compare(totals[PermissionsKey], totals[WorkspaceKey]);
        md.AppendLine($"| **`/healthz` + key vs `/healthz`** | key authentication only (the budgeted figure) | {auth.Row} |");
        md.AppendLine($"| `/api/v1/workspaces/{{id}}` + key vs `/healthz` | authentication + access check + workspace read + routing/JSON: an upper bound of auth + endpoint cost | {upper.Row} |");
        md.AppendLine($"| `/api/v1/workspaces/{{id}}` vs `/api/v1/permissions`, both + key | what the workspace route adds on top of authentication (not an auth cost) | {route.Row} |");
        md.AppendLine();

        md.AppendLine("### Round by round");
        md.AppendLine();
        md.AppendLine("Each round runs every kind back to back, so the authentication overhead can be paired within a round. " +
                      "\"Other CPU\" is the share of the whole machine (all cores) used by processes other than the server and " +
                      "the load generator during the round's slices (worst slice). A round where it exceeds " +
                      $"{DisturbedShare * 100:0} % is marked disturbed and left out of the budget verdict.");
        md.AppendLine();
        md.AppendLine($"| Round | {string.Join(" | ", kinds.Select(k => $"{k.Label} req/s"))} | Auth overhead, mean latency | Auth overhead, server CPU/req | Other CPU |");
        md.AppendLine($"|---:|{string.Concat(kinds.Select(_ => "---:|"))}---:|---:|---:|");
        var latencyByRound = new List<double>();
        var cpuByRound = new List<double>();
        double worstOther = 0;
        foreach (var round in slices.GroupBy(s => s.Round).OrderBy(g => g.Key))
        {
            var byKind = round.ToDictionary(s => s.Result.Kind.Label, s => s.Result);
            var plain = byKind[Healthz];
            var keyed = byKind[HealthzKey];
            var latency = keyed.Latencies.MeanNanoseconds / plain.Latencies.MeanNanoseconds - 1;
            var cpu = plain.Cpu is { Server: > 0 } p && keyed.Cpu is { } k
                ? (double)k.Server / keyed.Latencies.Count / ((double)p.Server / plain.Latencies.Count) - 1
                : double.NaN;
            var other = round.Max(s => s.Result.Cpu?.OtherShare ?? double.NaN);
            var disturbed = other > DisturbedShare;
            if (!disturbed)
            {
                latencyByRound.Add(latency);
                cpuByRound.Add(cpu);
            }

            worstOther = double.IsNaN(other) ? worstOther : Math.Max(worstOther, other);
            md.AppendLine($"| {round.Key + 1} | {string.Join(" | ", kinds.Select(kind => byKind[kind.Label].RequestsPerSecond.ToString("0", CultureInfo.InvariantCulture)))} | " +
                          $"{Percent(latency)} | {Percent(cpu)} | {Share(other)}{(disturbed ? " (disturbed)" : "")} |");
        }

        md.AppendLine();
        var medianLatency = Median(latencyByRound);
        var medianCpu = Median(cpuByRound);
        string Verdict(double fraction) => double.IsNaN(fraction) ? "n/a" : fraction <= BudgetPercent / 100 ? "within budget" : "OVER BUDGET";
        var rounds = slices.Select(s => s.Round).Distinct().Count();
        md.AppendLine(latencyByRound.Count == 0
            ? $"**Budget (≤ {BudgetPercent:0} % over the same request unauthenticated):** no verdict: every round was disturbed by " +
              $"other processes. All rounds pooled (not reliable): mean latency {Percent(auth.MeanRatio - 1)}, server CPU per request " +
              $"{Percent(auth.CpuRatio - 1)}."
            : $"**Budget (≤ {BudgetPercent:0} % over the same request unauthenticated), `/healthz` + key vs `/healthz`:** " +
              $"mean latency {Percent(medianLatency)} ({Verdict(medianLatency)}), server CPU per request {Percent(medianCpu)} " +
              $"({Verdict(medianCpu)}): medians of the {latencyByRound.Count} undisturbed paired rounds (of {rounds}). " +
              $"All rounds pooled: {Percent(auth.MeanRatio - 1)} and {Percent(auth.CpuRatio - 1)}.");
        md.AppendLine();
        var workspace = totals[WorkspaceKey];
        md.AppendLine($"For scale: the same absolute authentication cost (all rounds pooled: {Signed(auth.DeltaMeanMs, "0.000")} ms mean latency, " +
                      $"{Signed(auth.CpuDeltaUs, "0.0")} µs server CPU per request), assumed to be the same on every route since the same " +
                      $"handler runs, is {Percent(auth.DeltaMeanMs * 1e6 / workspace.Latencies.MeanNanoseconds)} of the mean latency and " +
                      $"{Percent(auth.CpuDeltaUs / workspace.CpuMicrosecondsPerRequest)} of the server CPU of `GET /api/v1/workspaces/{{id}}` " +
                      "(an estimate, not a measurement: that route cannot be sent without authentication).");
        md.AppendLine();
        if (worstOther > DisturbedShare)
        {
            md.AppendLine($"**Warning:** other processes used up to {Share(worstOther)} of the machine during a round; " +
                          "the figures are disturbed. Run again on an idle machine.");
            md.AppendLine();
        }

        md.AppendLine("What is compared: the server has no switch to turn authentication off, so the budgeted figure uses `/healthz`, " +
                      "the cheapest route, sent without and with `Authorization: RC-WSKEY <key>`. Authentication runs for every request " +
                      "that carries the header (it is middleware, before routing decides anything), and `/healthz` has no access " +
                      "requirement, so the key's validation (SHA-256 of the key, the 2 s validated-key cache, the in-memory usage count) " +
                      "is the only difference. It does not include the per-route access check (permissions, workspace membership), which " +
                      "is authorization. Percentages are relative to the cheapest route, so they are the worst case for any real GET. " +
                      "Latency is end to end (client and server share the machine's cores); server CPU per request is the server's " +
                      $"user + system time from /proc divided by the requests served ({1000 / clockTicksPerSecond:0.#} ms clock-tick " +
                      "resolution per measured slice).");
        return md.ToString();
    }

    private sealed record Comparison(double DeltaMeanMs, double MeanRatio, double P50Ratio, double RpsRatio, double CpuRatio, double CpuDeltaUs)
    {
        public string Row =>
            $"{Signed(DeltaMeanMs, "0.000")} ms | {Percent(MeanRatio - 1)} | {Percent(P50Ratio - 1)} | {Percent(RpsRatio - 1)} | " +
            $"{Percent(CpuRatio - 1)} ({Signed(CpuDeltaUs, "0.0")} µs)";
    }

    private static Comparison Compare(KindTotals baseline, KindTotals subject) => new(
        (subject.Latencies.MeanNanoseconds - baseline.Latencies.MeanNanoseconds) / 1e6,
        subject.Latencies.MeanNanoseconds / baseline.Latencies.MeanNanoseconds,
        subject.Latencies.Percentile(50) / baseline.Latencies.Percentile(50),
        subject.RequestsPerSecond / baseline.RequestsPerSecond,
        subject.CpuMicrosecondsPerRequest / baseline.CpuMicrosecondsPerRequest,
        subject.CpuMicrosecondsPerRequest - baseline.CpuMicrosecondsPerRequest);

    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : $"{(fraction >= 0 ? "+" : "−")}{Math.Abs(fraction) * 100:0.0} %";

    private static string Signed(double value, string format) =>
        (value >= 0 ? "+" : "−") + Math.Abs(value).ToString(format, CultureInfo.InvariantCulture);

    private static string Share(double? fraction) =>
        fraction is { } f && !double.IsNaN(f) ? $"{f * 100:0.0} %" : "n/a";

    private static double Median(List<double> values)
    {
        var known = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (known.Count == 0)
        {
            return double.NaN;
        }

        return known.Count % 2 == 1 ? known[known.Count / 2] : (known[known.Count / 2 - 1] + known[known.Count / 2]) / 2;
    }

    private static string Ms(double nanoseconds) => (nanoseconds / 1e6).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Memory(long? kib) => kib is { } k ? MemorySample.Format(k) : "n/a";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown CPU";
        }
    }

    /// <summary>The kernel's clock tick rate for /proc CPU times (<c>getconf CLK_TCK</c>, almost always 100).</summary>
    private static async Task<double> ClockTicksPerSecondAsync(CancellationToken ct)
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true, UseShellExecute = false });
            if (getconf is not null)
            {
                var text = await getconf.StandardOutput.ReadToEndAsync(ct);
                await getconf.WaitForExitAsync(ct);
                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ticks) && ticks > 0)
                {
                    return ticks;
                }
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No getconf: use the usual value.
        }

        return 100;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
        catch (UnauthorizedAccessException)
        {
            return "n/a";
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"hangar-bench: could not delete {directory}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"hangar-bench: could not delete {directory}: {ex.Message}");
        }
    }
}
