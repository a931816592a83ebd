using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Hangar.Bench;

/// <summary>
/// <c>cluster</c>: the full-size version of the cluster end-to-end test. Two <c>hangar serve --no-worker</c> nodes on
/// one scratch PostgreSQL database and one S3 bucket, nginx in front, two external workers linked through nginx.
/// Eight clients trigger runs of a robot that writes an output item with a file and an artifact (and appends its run
/// id to a marker file) until N are acknowledged; the leading node is killed (SIGKILL) a third of the way in.
/// Measures runs/s through the cluster, the leader's takeover, the pause in run ends after the kill and the worker
/// losses; checks that each acknowledged run completed with its robot run exactly once, and that every output file and
/// artifact downloads through each node once the killed node is back.
/// </summary>
internal static class ClusterBenchmark
{
    private const string LeaderLine = "This node now leads";
    private const int WorkerSlots = 4;
    private const int LeaseSeconds = 10;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        if (options.Postgres is null)
        {
            throw new BenchException("cluster needs --postgres CONN (a PostgreSQL cluster where a scratch database is created and dropped).");
        }

        var (hangarDll, resultsDir, dataDir) = RunsBenchmark.Prepare(options);
        var runs = options.ClusterRuns;
        try
        {
            using var database = BenchDatabase.Create(dataDir, options.Postgres);
            await using var backends = await ClusterBackends.StartS3Async(dataDir, options.S3Endpoint, RepoPaths.FindRoot(), ct);
            var loadBefore = RunsBenchmark.LoadAverage();
            int[] nodePorts = [HangarProcess.FreeLoopbackPort(), HangarProcess.FreeLoopbackPort()];
            var lbPort = HangarProcess.FreeLoopbackPort();
            var lb = new Uri($"http://127.0.0.1:{lbPort.ToString(CultureInfo.InvariantCulture)}/");
            var env = backends.NodeEnvironment();
            env["HANGAR_MASTER_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            env["HANGAR_LEASE_SECONDS"] = LeaseSeconds.ToString(CultureInfo.InvariantCulture);
            env["HANGAR_WATCHDOG_INTERVAL_SECONDS"] = "1";
            env["Logging__LogLevel__Hangar.Storage.Coordination"] = "Information";
            string[] nodeArgs = ["--database", database.ServerConnectionString!, "--blobs", $"s3://{backends.Bucket}/bench",
                "--public-url", lb.ToString().TrimEnd('/'), "--trusted-proxy", "127.0.0.1"];
            Task<HangarProcess> StartNode(int node) => HangarProcess.StartServerAsync(hangarDll,
                Directory.CreateDirectory(Path.Combine(dataDir, $"node{node}")).FullName, ct, environment: env, port: nodePorts[node],
                arguments: nodeArgs, watchFor: LeaderLine);

            Console.Error.WriteLine($"starting node 0 (the leader), node 1, nginx on port {lbPort} and two workers; S3 at {backends.S3Endpoint}…");
            var first = await StartNode(0);
            await using var firstOwner = first;
            if (await Task.WhenAny(first.Watched, Task.Delay(TimeSpan.FromSeconds(60), ct)) != first.Watched)
            {
                ct.ThrowIfCancellationRequested();
                throw new BenchException($"node 0 did not log \"{LeaderLine}\" within 60 s:{Environment.NewLine}{first.RecentOutput()}");
            }

            await using var second = await StartNode(1);
            await backends.StartLoadBalancerAsync(lbPort, nodePorts, ct);
            var marker = Path.Combine(dataDir, "marker.txt");
            var setup = await RunsBenchmark.SetupAsync(lb, $"tasks:\n  Main:\n    command: [\"{Python()}\", \"robot.py\"]\nartifactsDir: output\n",
                [("robot.py", RobotScript(marker))], retriesOnWorkerLoss: 2, allPermissions: true, ct);
            using var api = new HttpClient { BaseAddress = lb, Timeout = TimeSpan.FromMinutes(2) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", setup.Key);
            await using var workerA = await StartWorkerAsync(hangarDll, dataDir, api, setup.WorkspaceId, lb, "a", ct);
            await using var workerB = await StartWorkerAsync(hangarDll, dataDir, api, setup.WorkspaceId, lb, "b", ct);

            Console.Error.WriteLine($"triggering {runs:N0} runs through nginx from 8 clients; node 0 is killed at {runs / 3:N0}…");
            var load = new ClusterClients(lb, setup, runs);
            var triggering = load.TriggerAsync(ct);
            while (load.Acknowledged.Count < runs / 3 && !triggering.IsCompleted)
            {
                await Task.Delay(10, ct);
            }

            var killedAt = DateTimeOffset.UtcNow;
            await first.KillAsync();
            var acknowledgedAtKill = load.Acknowledged.Count;
            Console.Error.WriteLine($"killed node 0 after {acknowledgedAtKill:N0} acknowledged runs; waiting for the rest…");
            await triggering;
            TimeSpan? takeover = await Task.WhenAny(second.Watched, Task.Delay(TimeSpan.FromSeconds(120), ct)) == second.Watched
                ? await second.Watched - killedAt : null;
            var ended = await WaitForRunsAsync(api, setup, load.Acknowledged.Keys, ct);
            var losses = WorkerLosses(database.PostgresConnectionString!);
            var robotSeconds = StepRunSeconds(database.PostgresConnectionString!);
            var attempts = File.Exists(marker)
                ? File.ReadAllLines(marker).Where(l => l.Length > 0).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)
                : [];

            Console.Error.WriteLine("restarting node 0; downloading every output file and artifact through each node…");
            await using var restarted = await StartNode(0);
            var downloads = await ClusterClients.CheckDownloadsAsync([restarted.BaseAddress, second.BaseAddress], setup, load.Acknowledged, ct);

            // Exactly once: every acknowledged run completed, its robot ran, and no robot ran twice.
            var acked = load.Acknowledged.Keys.Select(id => ended.GetValueOrDefault(id)).ToList();
            var states = acked.GroupBy(r => r?.State ?? "never ended").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count():N0} {g.Key}");
            var completed = acked.Count(r => r?.State == "completed");
            var neverRan = load.Acknowledged.Keys.Count(id => !attempts.ContainsKey(id));
            var twice = attempts.Count(a => a.Value > 1);
            var exactlyOnce = completed == runs && neverRan == 0 && twice == 0;
            var ends = ended.Values.Where(r => r.EndedAt is not null).Select(r => r.EndedAt!.Value).ToList();
            var lastEnd = acked.Max(r => r?.EndedAt) ?? DateTimeOffset.UtcNow;
            var pause = LongestPause(killedAt, ends);
            var seconds = (lastEnd - load.FirstTrigger).TotalSeconds;
            var build = hangarDll.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# cluster — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} logical processors, everything on it (nodes, workers, robots, nginx, S3 server, PostgreSQL, clients); load average before: {loadBefore}, after: {RunsBenchmark.LoadAverage()}")
                .AppendLine(CultureInfo.InvariantCulture, $"- Two `hangar serve --no-worker` nodes ({build} build) on one PostgreSQL database and one S3 bucket ({(backends.S3Endpoint == options.S3Endpoint ? backends.S3Endpoint : "s3rver, a Node.js test server")}), nginx in front; two `hangar worker start --isolation none --concurrency {WorkerSlots}` linked through nginx")
                .AppendLine(CultureInfo.InvariantCulture, $"- HANGAR_LEASE_SECONDS={LeaseSeconds}, HANGAR_WATCHDOG_INTERVAL_SECONDS=1 on the nodes (defaults: 30 s and 5 s)")
                .AppendLine(CultureInfo.InvariantCulture, $"- Robot: Python ({Python()}); reads its input, writes an output item with a 1-file upload, releases the input, leaves an artifact; retries a call on 502/503/504 or no answer; the step is given back up to 2 times on a worker loss")
                .AppendLine(CultureInfo.InvariantCulture, $"- Load: 8 clients trigger through nginx until {runs:N0} runs are acknowledged; node 0 (the leader) killed with SIGKILL once {runs / 3:N0} were (at the kill: {acknowledgedAtKill:N0})")
                .AppendLine().AppendLine("| figure | value |").AppendLine("|---|---:|")
                .AppendLine(CultureInfo.InvariantCulture, $"| runs/s through the cluster (acknowledged runs / first trigger → last run's end) | **{runs / seconds:0.0}** ({runs:N0} in {seconds:0.0} s) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| trigger rate (acknowledged triggers/s) | {runs / (load.LastAcknowledged - load.FirstTrigger).TotalSeconds:0.0} ({load.Failures:N0} triggers not acknowledged) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| kill → node 1 logs \"{LeaderLine}\" | **{(takeover is { } t ? $"{t.TotalSeconds:0.0} s" : "not within 120 s")}** |")
                .AppendLine(CultureInfo.InvariantCulture, $"| step run duration (`started_at` → `ended_at`), p50 / p90 / max | {robotSeconds.P50:0.0} s / {robotSeconds.P90:0.0} s / {robotSeconds.Max:0.0} s |")
                .AppendLine(CultureInfo.InvariantCulture, $"| longest pause between consecutive run ends after the kill | **{pause.Length.TotalSeconds:0.0} s** (from {pause.At.TotalSeconds:0.0} s after the kill) |")
                .AppendLine(CultureInfo.InvariantCulture, $"| step runs given back as worker losses (`worker_lost` events) | {losses.Events:N0} events on {losses.StepRuns:N0} step runs; the last of them ended {(losses.LastEnd is { } l ? $"{(l - killedAt).TotalSeconds:0.0} s" : "n/a")} after the kill |")
                .AppendLine(CultureInfo.InvariantCulture, $"| acknowledged runs by state | {string.Join(", ", states)} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| robots run more than once / acknowledged runs whose robot never ran | {twice} / {neverRan} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| runs created but not acknowledged (trigger answer lost) | {ended.Count - runs:N0} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| downloads after node 0's restart, signed URL sent to each node directly | {downloads} |")
                .AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Exactly-once check: **{(exactlyOnce ? "passed" : "FAILED")}**.")
                .AppendLine().AppendLine("Not realistic: everything shares one machine's cores; the S3 server is s3rver (a Node.js test server) unless " +
                    "`--s3-endpoint` was given; the lease is shortened to 10 s (the takeover and the worker losses end sooner than with the default 30 s); " +
                    "the robot does little work, so the figures are Hangar's and the infrastructure's overhead per run.");
            RunsBenchmark.Write(resultsDir, "cluster", report.ToString());
            return exactlyOnce && downloads.Failed == 0 ? 0 : 1;
        }
        finally
        {
            RunsBenchmark.TryDelete(dataDir);
        }
    }

    private sealed record EndedRun(string State, DateTimeOffset? EndedAt);

    /// <summary>Links a worker through the load balancer and starts it with a work dir of its own.</summary>
    private static async Task<HangarProcess> StartWorkerAsync(string hangarDll, string dataDir, HttpClient api, string ws, Uri lb, string name,
        CancellationToken ct)
    {
        var token = await RunsBenchmark.SendAsync(api, HttpMethod.Post, $"api/v1/workspaces/{ws}/workers/link-tokens", new JsonObject(), ct);
        var config = Path.Combine(dataDir, $"worker-{name}.json");
        await HangarProcess.RunCommandAsync(hangarDll, dataDir, ct, "worker", "link", token["link_token"]!.GetValue<string>(), "--name", name,
            "--server", lb.ToString().TrimEnd('/'), "--config", config);
        var (worker, _) = await HangarProcess.StartWorkerAsync(hangarDll, dataDir, config, WorkerSlots, lb, ct,
            workDir: Path.Combine(dataDir, $"work-{name}"), arguments: ["--isolation", "none"]);
        return worker;
    }

    /// <summary>Every run of the process (by id) once each acknowledged one has ended; gives up 10 minutes after the last progress.</summary>
    private static async Task<Dictionary<string, EndedRun>> WaitForRunsAsync(HttpClient api, RunsBenchmark.Setup setup, ICollection<string> acknowledged,
        CancellationToken ct)
    {
        var lastProgress = Stopwatch.StartNew();
        var endedBefore = -1;
        while (true)
        {
            var all = new Dictionary<string, EndedRun>(StringComparer.Ordinal);
            string? url = $"api/v1/workspaces/{setup.WorkspaceId}/process-runs?process_id={setup.ProcessId}&limit=500";
            while (url is not null)
            {
                var page = await RunsBenchmark.SendAsync(api, HttpMethod.Get, url, null, ct);
                foreach (var run in page["data"]!.AsArray())
                {
                    all[run!["id"]!.GetValue<string>()] = new EndedRun(run["state"]!.GetValue<string>(), run["ended_at"]?.GetValue<DateTimeOffset>());
                }

                url = page["next"]?.GetValue<string>();
            }

            var ended = acknowledged.Count(id => all.GetValueOrDefault(id)?.EndedAt is not null);
            if (ended == acknowledged.Count || lastProgress.Elapsed > TimeSpan.FromMinutes(10))
            {
                return all;
            }

            if (ended != endedBefore)
            {
                Console.Error.WriteLine($"{ended:N0} of {acknowledged.Count:N0} acknowledged runs ended…");
                endedBefore = ended;
                lastProgress.Restart();
            }

            await Task.Delay(2000, ct);
        }
    }

    /// <summary>The longest time without a run ending, from the kill on (the first gap starts at the kill).</summary>
    private static (TimeSpan Length, TimeSpan At) LongestPause(DateTimeOffset killedAt, IEnumerable<DateTimeOffset> ends)
    {
        var longest = (Length: TimeSpan.Zero, At: TimeSpan.Zero);
        var previous = killedAt;
        foreach (var end in ends.Where(e => e >= killedAt).Order())
        {
            if (end - previous > longest.Length)
            {
                longest = (end - previous, previous - killedAt);
            }

            previous = end;
        }

        return longest;
    }

    /// <summary>The <c>worker_lost</c> events, on how many step runs, and when the last of those step runs ended.</summary>
    private static (long Events, long StepRuns, DateTimeOffset? LastEnd) WorkerLosses(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            SELECT count(*), count(DISTINCT e.step_run_id), max(s.ended_at)
            FROM step_run_events e JOIN step_runs s ON s.id = e.step_run_id
            WHERE e.event_type = 'worker_lost'
            """, connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>How long the step runs took from their start to their end: with 8 slots, ends come in waves that far apart.</summary>
    private static (double P50, double P90, double Max) StepRunSeconds(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("""
            SELECT coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY d), 0), coalesce(percentile_cont(0.9) WITHIN GROUP (ORDER BY d), 0), coalesce(max(d), 0)
            FROM (SELECT extract(epoch FROM ended_at - started_at)::float8 AS d FROM step_runs WHERE ended_at IS NOT NULL AND started_at IS NOT NULL) t
            """, connection);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    /// <summary>
    /// The first python3 on PATH that is an interpreter, not a pyenv shim: a shim is a bash script that costs more
    /// CPU per robot start than Hangar spends on the whole run, which would measure the machine's setup instead.
    /// </summary>
    private static string Python() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(dir => !dir.EndsWith("shims", StringComparison.Ordinal)).Select(dir => Path.Combine(dir, "python3"))
            .FirstOrDefault(File.Exists) ?? "python3";

    /// <summary>
    /// The robot of the CI-sized cluster test (tests/Hangar.EndToEnd.Tests/ClusterRobot.cs): it appends its run id to
    /// the marker file, makes an output item with a file, releases its input and leaves an artifact. Like a robot using
    /// robocorp-workitems behind a load balancer, it sends a call again after a 502/503/504 or no answer; a refusal of
    /// a repeated POST counts as done (the node that died had done it before its answer was lost).
    /// </summary>
    private static string RobotScript(string marker) => $$$"""
        import json, os, time, urllib.error, urllib.request, uuid

        MARKER = {{{System.Text.Json.JsonSerializer.Serialize(marker)}}}
        env = os.environ
        run = env["RC_PROCESS_RUN_ID"]
        with open(MARKER, "a") as f:
            f.write(run + "\n")

        ws = env["RC_WORKSPACE_ID"]
        P = env["RC_API_PROCESS_HOST"].rstrip("/") + "/process-v1/workspaces/%s/processes/%s/" % (ws, env["RC_PROCESS_ID"])
        W = env["RC_API_WORKITEM_HOST"].rstrip("/") + "/json-v1/workspaces/%s/workitems/" % ws
        RUN = P + "runs/%s/robotRuns/%s/" % (run, env["RC_ACTIVITY_RUN_ID"])

        def call(method, url, token=None, body=None, raw=None, content_type=None):
            data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
            for attempt in range(40):
                request = urllib.request.Request(url, data=data if method != "GET" else None, method=method)
                if token:
                    request.add_header("Authorization", "Bearer " + token)
                request.add_header("Content-Type", content_type or "application/json")
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:
                        text = response.read()
                        return json.loads(text) if text else None
                except urllib.error.HTTPError as e:
                    if e.code in (502, 503, 504):
                        pass
                    elif attempt > 0 and method == "POST" and 400 <= e.code < 500:
                        return None
                    else:
                        raise
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                time.sleep(0.5)
            raise RuntimeError("no answer from " + url)

        item = env["RC_WORKITEM_ID"]
        n = call("GET", W + item + "/data", env["RC_API_WORKITEM_TOKEN"])["n"]
        output = call("POST", P + "work-items/%s/output" % item, env["RC_API_PROCESS_TOKEN"], {"payload": {"n": n}})
        grant = call("POST", W + output["id"] + "/files", env["RC_API_WORKITEM_TOKEN"], {"fileName": "result.txt", "fileSize": len(b"result %d" % n)})
        boundary = uuid.uuid4().hex
        parts = [("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode() for k, v in grant["fields"].items()]
        parts.append(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"result.txt\"\r\n"
                      "Content-Type: text/plain\r\n\r\n" % boundary).encode() + (b"result %d" % n) + b"\r\n")
        parts.append(("--%s--\r\n" % boundary).encode())
        call("POST", grant["url"], raw=b"".join(parts), content_type="multipart/form-data; boundary=" + boundary)
        call("POST", RUN + "release-work-item", env["RC_API_PROCESS_TOKEN"], {"workItemId": item, "state": "COMPLETED"})

        os.makedirs(env["ROBOT_ARTIFACTS"], exist_ok=True)
        with open(os.path.join(env["ROBOT_ARTIFACTS"], "report.txt"), "w") as report:
            report.write("run %s item %d" % (run, n))
        print("done %d" % n, flush=True)
        """;
}
