using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// The dashboard at scale: a server's database grown with ended runs over many days (<see cref="StatsSeed"/>), the
/// aggregates filled by <c>hangar admin rebuild-stats</c>, then GET of the statistics API and of the dashboard page,
/// one request at a time, against a server restarted on the grown database. <c>seed-stats</c> only grows a database
/// and keeps it (SQLite: the data directory; PostgreSQL: the scratch database is dropped, so use <c>dashboard</c>).
/// </summary>
internal static class StatsBenchmark
{
    private const int Warmup = 20;

    public static async Task<int> RunAsync(BenchOptions options, bool measure, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        if (!measure && options.DataDirectory is { } keep)
        {
            dataDir = keep;
            Directory.CreateDirectory(dataDir);
        }

        using var database = BenchDatabase.Create(dataDir, options.Postgres);
        var keepData = !measure;
        try
        {
            RunsBenchmark.Setup setup;
            string templateRunId;
            await using (var first = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment()))
            {
                setup = await RunsBenchmark.SetupAsync(first.BaseAddress, "tasks:\n  Main:\n    shell: python -c pass\n", [], retriesOnWorkerLoss: 0,
                    allPermissions: true, ct);
                using var client = new HttpClient { BaseAddress = first.BaseAddress };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
                using var trigger = await client.PostAsync($"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs",
                    new StringContent("{\"type\":\"with_payloads\",\"payloads\":[{\"n\":1}]}", Encoding.UTF8, "application/json"), ct);
                templateRunId = JsonNode.Parse(await trigger.Content.ReadAsStringAsync(ct))!["id"]!.GetValue<string>();
                await first.StopAsync(TimeSpan.FromSeconds(30));
            }

            Console.Error.WriteLine($"{database.Kind}: seeding {options.StatsRuns:N0} ended runs over {options.Days} days in {StatsSeed.Processes} processes…");
            var seeding = Stopwatch.StartNew();
            new StatsSeed(database, templateRunId).Add(options.StatsRuns, options.Days, DateTimeOffset.UtcNow);
            var seeded = seeding.Elapsed;
            seeding.Restart();
            var arguments = new List<string> { "admin", "rebuild-stats", "--data-dir", dataDir };
            if (database.ServerConnectionString is { } connection)
            {
                arguments.AddRange(["--database", connection]);
            }

            Console.Error.Write(await HangarProcess.RunCommandAsync(hangarDll, dataDir, TimeSpan.FromHours(2), [.. arguments], ct));
            var rebuilt = seeding.Elapsed;
            Console.Error.WriteLine($"seeded in {seeded.TotalSeconds:0.0} s, aggregates rebuilt in {rebuilt.TotalSeconds:0.0} s");
            if (!measure)
            {
                Console.WriteLine($"Seeded {options.StatsRuns:N0} runs into {dataDir} (workspace {setup.WorkspaceId}); "
                                  + $"sign in as admin with password '{HangarProcess.AdminPassword}'.");
                return 0;
            }

            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment());
            var load = RunsBenchmark.LoadAverage();
            using var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
            using var session = new HttpClient(handler) { BaseAddress = server.BaseAddress };
            using (var login = await session.PostAsJsonAsync("api/v1/auth/login", new { username = "admin", password = HangarProcess.AdminPassword }, ct))
            {
                login.EnsureSuccessStatusCode();
            }

            var ws = setup.WorkspaceId;
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var rows = new List<(string What, double P50, double P95)>
            {
                await MeasureAsync(session, $"api/v1/workspaces/{ws}/stats/runs", "GET /stats/runs (14 days, UTC)", options.Requests, ct),
                await MeasureAsync(session, $"api/v1/workspaces/{ws}/stats/runs?from={today.AddDays(-29):yyyy-MM-dd}&time_zone=Europe/Helsinki",
                    "GET /stats/runs (30 days, Europe/Helsinki)", options.Requests, ct),
                await MeasureAsync(session, $"api/v1/workspaces/{ws}/stats/runs?from={today.AddDays(-91):yyyy-MM-dd}&to={today:yyyy-MM-dd}",
                    "GET /stats/runs (92 days)", options.Requests, ct),
                await MeasureAsync(session, $"api/v1/workspaces/{ws}/stats/queue", "GET /stats/queue", options.Requests, ct),
                await MeasureAsync(session, options.Page.Replace("{ws}", ws, StringComparison.Ordinal).TrimStart('/'), $"GET {options.Page} (the page)",
                    options.Requests, ct),
            };
            await server.StopAsync(TimeSpan.FromSeconds(30));
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"# Dashboard with {options.StatsRuns:N0} runs over {options.Days} days ({database.Kind})");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"{StatsSeed.Processes} processes; seeded in {seeded.TotalSeconds:0.0} s, rebuild-stats {rebuilt.TotalSeconds:0.0} s; "
                + $"{options.Requests} requests each, one at a time, after {Warmup} unmeasured; load average before: {load}. Budget: p95 <= 150 ms.");
            report.AppendLine();
            report.AppendLine("| request | p50 ms | p95 ms |");
            report.AppendLine("|---|---:|---:|");
            foreach (var (what, p50, p95) in rows)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {p50:0.0} | {p95:0.0} |");
            }

            Console.WriteLine(report);
            return RunsBenchmark.Write(resultsDir, database.IsPostgres ? "dashboard-postgres" : "dashboard-sqlite", report.ToString());
        }
        finally
        {
            if (!keepData || options.Postgres is not null)
            {
                RunsBenchmark.TryDelete(dataDir);
            }
        }
    }

    private static async Task<(string, double, double)> MeasureAsync(HttpClient client, string path, string what, int requests, CancellationToken ct)
    {
        var times = new List<double>(requests);
        for (var i = 0; i < Warmup + requests; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, ct);
            await response.Content.LoadIntoBufferAsync(ct);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchException($"dashboard: {what} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            if (i >= Warmup)
            {
                times.Add(ms);
            }
        }

        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        return (what, At(0.5), At(0.95));
    }
}
