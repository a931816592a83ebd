using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// Work item throughput of one robot (budget ≥ 500 items/s on SQLite): runs with 1,000 payloads each, worked by a
/// robot the embedded worker starts, as any robot gets its work: a Python script that reads the <c>RC_*</c> variables
/// and loops load payload (json-v1) → create output → release COMPLETED → reserve next (process-v1) over one
/// keep-alive connection, as fast as the server answers. The robot times itself and prints the figures.
/// </summary>
internal static class WorkItemsBenchmark
{
    private const int ItemsPerRun = 1000;

    /// <summary>The robot: only the standard library, one HTTP/1.1 connection, timings per call kind.</summary>
    private const string RobotPy = """
        import http.client, json, os, time, urllib.parse

        env = os.environ
        host = urllib.parse.urlsplit(env["RC_API_WORKITEM_HOST"])
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        auth = {"Authorization": "Bearer " + env["RC_API_WORKITEM_TOKEN"], "Content-Type": "application/json"}
        ws, process = env["RC_WORKSPACE_ID"], env["RC_PROCESS_ID"]
        wi = f"/json-v1/workspaces/{ws}/workitems/"
        pr = f"/process-v1/workspaces/{ws}/processes/{process}/"
        run = f"{pr}runs/{env['RC_PROCESS_RUN_ID']}/robotRuns/{env['RC_ACTIVITY_RUN_ID']}/"
        timings = {"payload": [], "output": [], "release": [], "reserve": []}

        def call(kind, method, path, body=None):
            data = None if body is None else json.dumps(body).encode()
            start = time.perf_counter()
            conn.request(method, path, body=data, headers=auth)
            response = conn.getresponse()
            text = response.read()
            timings[kind].append(time.perf_counter() - start)
            if response.status != 200:
                raise SystemExit(f"{method} {path}: {response.status} {text[:300]!r}")
            return json.loads(text) if text else None

        item, count = env.get("RC_WORKITEM_ID"), 0
        began = time.perf_counter()
        while item:
            payload = call("payload", "GET", f"{wi}{item}/data")
            call("output", "POST", f"{pr}work-items/{item}/output", {"payload": {"n": payload["n"], "done": True}})
            call("release", "POST", f"{run}release-work-item", {"workItemId": item, "state": "COMPLETED"})
            count += 1
            item = call("reserve", "POST", f"{run}reserve-next-work-item")["workItemId"]
        seconds = time.perf_counter() - began

        def ms(values, q):
            values = sorted(values)
            return round(values[min(len(values) - 1, int(q * len(values)))] * 1000, 3) if values else None

        report = {"items": count, "seconds": seconds,
                  "calls": {k: {"p50": ms(v, 0.50), "p99": ms(v, 0.99), "mean": round(sum(v) / len(v) * 1000, 3) if v else None}
                            for k, v in timings.items()}}
        print("BENCH " + json.dumps(report))
        """;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        try
        {
            var loadBefore = RunsBenchmark.LoadAverage();
            using var database = BenchDatabase.Create(dataDir, options.Postgres);
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, workerSlots: 1, environment: database.ServerEnvironment());
            var setup = await RunsBenchmark.SetupAsync(server.BaseAddress, ct, "tasks:\n  Main:\n    command: [\"python3\", \"robot.py\"]\n",
                ("robot.py", RobotPy));
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            var ws = setup.WorkspaceId;

            // The server's hot paths reach tier-1 JIT code only after a few thousand calls each; on a busy machine later still.
            Console.Error.WriteLine($"warm-up: 2 runs of {ItemsPerRun} items…");
            for (var i = 0; i < 2; i++)
            {
                await WaitEndedAsync(client, ws, [await TriggerAsync(client, setup, ItemsPerRun, ct)], ct);
            }

            var runs = options.Runs;
            Console.Error.WriteLine($"{runs} runs of {ItemsPerRun} items, one robot at a time…");
            var cpuBefore = RunsBenchmark.CpuTicks(server.Id);
            var wall = Stopwatch.StartNew();
            var ids = new List<string>();
            var ended = new List<string>();
            for (var i = 0; i < runs; i++)
            {
                // One run at a time: a trigger of 1,000 items is a large write, and must not compete with the robot it measures.
                ids.Add(await TriggerAsync(client, setup, ItemsPerRun, ct));
                ended.AddRange(await WaitEndedAsync(client, ws, [ids[^1]], ct));
            }

            wall.Stop();
            var cpuTicks = RunsBenchmark.CpuTicks(server.Id) - cpuBefore;
            var reports = new List<JsonNode>();
            foreach (var id in ids)
            {
                reports.Add(await RobotReportAsync(client, ws, id, ct));
            }

            var items = reports.Sum(r => r["items"]!.GetValue<int>());
            var robotSeconds = reports.Sum(r => r["seconds"]!.GetValue<double>());
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# work-items — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture,
                    $"- {Environment.ProcessorCount} logical processors; {database.Kind}{(database.IsPostgres ? " (the shared dev cluster on the same machine)" : "")}; embedded worker with 1 slot; load average before: {loadBefore}, after: {RunsBenchmark.LoadAverage()}")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"- after 2 warm-up runs, {runs} runs of {ItemsPerRun} payloads (one step, one robot each; each run triggered when the one before had ended); runs ended: {string.Join(", ", ended.Distinct())}")
                .AppendLine("- Robot: Python 3 standard library, one keep-alive HTTP/1.1 connection; per item: `GET json-v1 …/{id}/data`, " +
                            "`POST process-v1 …/work-items/{id}/output`, `POST …/release-work-item` (COMPLETED), `POST …/reserve-next-work-item`").AppendLine()
                .AppendLine("| run | items | robot s | items/s |").AppendLine("|---:|---:|---:|---:|");
            for (var i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"| {i + 1} | {r["items"]} | {r["seconds"]!.GetValue<double>():0.00} | {r["items"]!.GetValue<int>() / r["seconds"]!.GetValue<double>():0} |");
            }

            report.AppendLine()
                .Append(CultureInfo.InvariantCulture, $"**{items / robotSeconds:0} items/s** for one robot ({items} items in {robotSeconds:0.00} s of robot loops); ")
                .Append(CultureInfo.InvariantCulture, $"{items / wall.Elapsed.TotalSeconds:0} items/s from the first trigger to the last run ended ")
                .AppendLine(CultureInfo.InvariantCulture, $"({wall.Elapsed.TotalSeconds:0.00} s; triggers, robot starts and run ends included).")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"Server CPU: {cpuTicks * 1e4 / items:0} µs per item (4 calls), {cpuTicks * 1e4 / items / 4:0} µs per call on average.")
                .AppendLine().AppendLine("Latency per call, seen by the robot (ms; mean of the runs' figures):").AppendLine()
                .AppendLine("| call | mean | p50 | p99 |").AppendLine("|---|---:|---:|---:|");
            foreach (var kind in new[] { "payload", "output", "release", "reserve" })
            {
                var (mean, p50, p99) = (Average(reports, kind, "mean"), Average(reports, kind, "p50"), Average(reports, kind, "p99"));
                report.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {mean:0.000} | {p50:0.000} | {p99:0.000} |");
            }

            report.AppendLine().AppendLine("Budget: ≥ 500 items/s for one robot (reserve → load payload → create output → release).");
            return RunsBenchmark.Write(resultsDir, database.IsPostgres ? "work-items-postgres" : "work-items", report.ToString());
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private static double Average(List<JsonNode> reports, string kind, string field) =>
        reports.Average(r => r["calls"]![kind]![field]!.GetValue<double>());

    private static async Task<string> TriggerAsync(HttpClient client, RunsBenchmark.Setup setup, int items, CancellationToken ct)
    {
        var payloads = new JsonArray(Enumerable.Range(0, items)
            .Select(n => (JsonNode)new JsonObject { ["n"] = n, ["customer"] = "ACME", ["data"] = new string('x', 200) }).ToArray());
        var body = new JsonObject { ["type"] = "with_payloads", ["payloads"] = payloads };
        var started = await RunsBenchmark.SendAsync(client, HttpMethod.Post,
            $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs", body, ct);
        return started["id"]!.GetValue<string>();
    }

    /// <summary>Waits until every run has ended and answers their states.</summary>
    private static async Task<List<string>> WaitEndedAsync(HttpClient client, string ws, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var states = new List<string>();
        foreach (var id in ids)
        {
            while (true)
            {
                var state = (await RunsBenchmark.SendAsync(client, HttpMethod.Get, $"api/v1/workspaces/{ws}/process-runs/{id}", null, ct))["state"]!
                    .GetValue<string>();
                if (state is "completed" or "unresolved" or "stopped")
                {
                    states.Add(state);
                    break;
                }

                await Task.Delay(200, ct);
            }
        }

        return states;
    }

    /// <summary>The robot's <c>BENCH {...}</c> console line (or why there is none).</summary>
    private static async Task<JsonNode> RobotReportAsync(HttpClient client, string ws, string runId, CancellationToken ct)
    {
        // The console lines may land a moment after the run has ended (on a busy machine, or on PostgreSQL): look again for a while.
        var lines = new List<string>();
        var stepRunCount = 0;
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var stepRuns = (await RunsBenchmark.SendAsync(client, HttpMethod.Get, $"api/v1/workspaces/{ws}/step-runs?process_run_id={runId}", null, ct))["data"]!
                .AsArray();
            stepRunCount = stepRuns.Count;
            lines.Clear();
            foreach (var stepRun in stepRuns)
            {
                var url = $"api/v1/workspaces/{ws}/step-runs/{stepRun!["id"]}/console-messages?limit=500";
                lines.AddRange((await RunsBenchmark.SendAsync(client, HttpMethod.Get, url, null, ct))["data"]!.AsArray()
                    .Select(m => m!["message"]!.GetValue<string>()));
            }

            if (lines.FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal)) is { } line)
            {
                return JsonNode.Parse(line["BENCH ".Length..])!;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        throw new BenchException($"run {runId}: the robot printed no figures ({stepRunCount} step run(s)):{Environment.NewLine}{string.Join(Environment.NewLine, lines.TakeLast(20))}");
    }
}
