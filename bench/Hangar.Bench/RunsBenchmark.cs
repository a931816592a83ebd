using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Hangar.Bench;

/// <summary>
/// Two benchmarks of runs on SQLite: <c>trigger</c> (POST process-runs with a 1 KB payload at N connections; budget
/// ≥ 2,000 runs/s, p99 ≤ 25 ms) and <c>list-runs</c> (pages of the run list with 1,000,000 runs stored; budget
/// p99 ≤ 20 ms). The server runs as its own process on a fresh data directory, set up over its own API.
/// </summary>
internal static class RunsBenchmark
{
    public static async Task<int> TriggerAsync(BenchOptions options, CancellationToken ct)
    {
        var (hangarDll, resultsDir, dataDir) = Prepare(options);
        using var database = BenchDatabase.Create(dataDir, options.Postgres);
        try
        {
            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct, environment: database.ServerEnvironment());
            var setup = await SetupAsync(server.BaseAddress, ct);
            var idle = server.Memory();
            var body = "{\"type\":\"with_payloads\",\"payloads\":[{\"data\":\"" + new string('x', 1000) + "\"}]}";
            var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
            Console.Error.WriteLine($"warm-up {options.Warmup} s, then {options.Seconds} s at {options.Connections} connections…");
            await LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections, TimeSpan.FromSeconds(options.Warmup), ct);
            var cpuBefore = CpuTicks(server.Id);
            var result = await LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Post, _ => path, body, options.Connections,
                TimeSpan.FromSeconds(options.Seconds), ct);
            var cpu = CpuTicks(server.Id) - cpuBefore;
            var loaded = server.Memory();
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# trigger — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} logical processors; load generator on the same machine; load average before: {LoadAverage()}")
                .AppendLine(CultureInfo.InvariantCulture, $"- `POST /api/v1/workspaces/{{ws}}/processes/{{pid}}/process-runs` with `with_payloads` (one 1 KB payload): each request writes a run, its input item and its queued step run ({database.Kind})")
                .AppendLine(CultureInfo.InvariantCulture, $"- {options.Connections} connections, closed loop, {options.Warmup} s warm-up, {options.Seconds} s measured")
                .AppendLine(CultureInfo.InvariantCulture, $"- Server memory: idle {Memory(idle)}, after the load {Memory(loaded)}").AppendLine()
                .AppendLine("| Runs/s | p50 ms | p90 ms | p99 ms | max ms | Server CPU µs/run | Errors |")
                .AppendLine("|---:|---:|---:|---:|---:|---:|---:|")
                .AppendLine(CultureInfo.InvariantCulture,
                    $"| {result.Count / options.Seconds:0} | {Ms(result.Latencies, 50)} | {Ms(result.Latencies, 90)} | {Ms(result.Latencies, 99)} | {result.Latencies.MaxNanoseconds / 1e6:0.00} | {CpuMicros(cpu, result.Count)} | {result.Errors} |")
                .AppendLine().AppendLine("Budget: ≥ 2,000 runs/s sustained, p99 ≤ 25 ms at 32 connections.");
            return Write(resultsDir, "trigger", report.ToString());
        }
        finally
        {
            TryDelete(dataDir);
        }
    }

    public static async Task<int> ListRunsAsync(BenchOptions options, CancellationToken ct)
    {
        const int runCount = 1_000_000;
        var (hangarDll, resultsDir, dataDir) = Prepare(options);
        try
        {
            Setup setup;
            await using (var first = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct))
            {
                setup = await SetupAsync(first.BaseAddress, ct);
                await first.StopAsync(TimeSpan.FromSeconds(30));
            }

            Console.Error.WriteLine($"seeding {runCount:N0} runs into the SQLite file…");
            var seed = Stopwatch.StartNew();
            SeedRuns(Path.Combine(dataDir, "hangar.db"), setup, runCount);
            Console.Error.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0.0} s");

            await using var server = await HangarProcess.StartServerAsync(hangarDll, dataDir, ct);
            var ws = setup.WorkspaceId;
            // The first page, a page deep in the list (its cursor taken from a walk of 50 pages), and a filtered page.
            var deepCursor = await CursorAfterPagesAsync(server.BaseAddress, setup.Key, $"api/v1/workspaces/{ws}/process-runs?limit=100", 50, ct);
            var cases = new (string Label, string Path)[]
            {
                ("first page (limit 100)", $"api/v1/workspaces/{ws}/process-runs?limit=100"),
                ("page 51 (limit 100, by cursor)", $"api/v1/workspaces/{ws}/process-runs?limit=100&cursor={deepCursor}"),
                ("first page of one process, state completed", $"api/v1/workspaces/{ws}/process-runs?limit=100&process_id={setup.ProcessId}&state=completed"),
            };
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"# list-runs — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
                .AppendLine(CultureInfo.InvariantCulture, $"- {runCount:N0} runs stored in one workspace (SQLite, WAL), seeded straight into the file")
                .AppendLine(CultureInfo.InvariantCulture, $"- {Environment.ProcessorCount} logical processors; load generator on the same machine; {options.Warmup} s warm-up and {options.Seconds} s measured per case")
                .AppendLine().AppendLine("| Page | Connections | Pages/s | p50 ms | p99 ms | Errors |").AppendLine("|---|---:|---:|---:|---:|---:|");
            foreach (var connections in new[] { 1, options.Connections })
            {
                foreach (var (label, path) in cases)
                {
                    await LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Get, _ => path, null, connections, TimeSpan.FromSeconds(options.Warmup), ct);
                    var result = await LoadAsync(server.BaseAddress, setup.Key, HttpMethod.Get, _ => path, null, connections,
                        TimeSpan.FromSeconds(options.Seconds), ct);
                    report.AppendLine(CultureInfo.InvariantCulture,
                        $"| {label} | {connections} | {result.Count / options.Seconds:0} | {Ms(result.Latencies, 50)} | {Ms(result.Latencies, 99)} | {result.Errors} |");
                }
            }

            report.AppendLine().AppendLine("Budget: p99 ≤ 20 ms per page with 1,000,000 runs stored.");
            return Write(resultsDir, "list-runs", report.ToString());
        }
        finally
        {
            TryDelete(dataDir);
        }
    }

    internal sealed record Setup(string WorkspaceId, string ProcessId, string Key);

    internal sealed record LoadResult(LatencyHistogram Latencies, long Count, long Errors);

    /// <summary>Signs in, uploads a robot, creates a process and an API key, as a user would.</summary>
    internal static Task<Setup> SetupAsync(Uri baseAddress, CancellationToken ct, string robotYaml = "tasks:\n  Main:\n    shell: python -c pass\n",
        params (string Name, string Content)[] robotFiles) =>
        SetupAsync(baseAddress, robotYaml, robotFiles, retriesOnWorkerLoss: 0, allPermissions: false, ct);

    /// <summary>
    /// As above; the process's step is given back up to <paramref name="retriesOnWorkerLoss"/> times when its worker is
    /// lost, and with <paramref name="allPermissions"/> the key holds every permission (e.g. to read outputs).
    /// </summary>
    internal static async Task<Setup> SetupAsync(Uri baseAddress, string robotYaml, IEnumerable<(string Name, string Content)> robotFiles,
        int retriesOnWorkerLoss, bool allPermissions, CancellationToken ct)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        await SendAsync(client, HttpMethod.Post, "api/v1/auth/login", new JsonObject { ["username"] = "admin", ["password"] = HangarProcess.AdminPassword }, ct);
        var ws = (await SendAsync(client, HttpMethod.Get, "api/v1/workspaces", null, ct))["data"]![0]!["id"]!.GetValue<string>();
        var package = (await SendAsync(client, HttpMethod.Post, $"api/v1/workspaces/{ws}/task-packages", new JsonObject { ["name"] = "bench-robot" }, ct))["id"]!
            .GetValue<string>();
        var link = await SendAsync(client, HttpMethod.Get, $"api/v1/workspaces/{ws}/task-packages/{package}/upload", null, ct);
        using (var form = new MultipartFormDataContent())
        {
            foreach (var (name, value) in link["form_data"]!.AsObject())
            {
                form.Add(new StringContent(value!.GetValue<string>()), name);
            }

            var zip = new ByteArrayContent(RobotZip(robotYaml, robotFiles));
            zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(zip, "file", "robot.zip");
            using var uploaded = await client.PostAsync(new Uri(link["url"]!.GetValue<string>()), form, ct);
            uploaded.EnsureSuccessStatusCode();
        }

        var process = (await SendAsync(client, HttpMethod.Post, $"api/v1/workspaces/{ws}/processes", JsonNode.Parse(
            $$"""{"name":"bench","steps":[{"task_package":{"id":"{{package}}"},"task":"Main","retries_on_worker_loss":{{retriesOnWorkerLoss}}}]}""")!, ct))["id"]!.GetValue<string>();
        var permissions = allPermissions
            ? new JsonArray([.. (await SendAsync(client, HttpMethod.Get, "api/v1/permissions", null, ct))["data"]!.AsArray().Select(p => (JsonNode)p!["name"]!.GetValue<string>())])
            : new JsonArray("Processes.trigger_processes", "Processes.read_runs", "Processes.read_processes", "Processes.write_processes", "Workers.write_workers",
                // A link token (dispatch, peers) needs Vault.read_secret_values beside Workers.write_workers.
                "Vault.read_secret_values");
        var key = (await SendAsync(client, HttpMethod.Post, $"api/v1/workspaces/{ws}/api-keys",
            new JsonObject { ["name"] = "bench", ["permissions"] = permissions }, ct))["key"]!.GetValue<string>();
        return new Setup(ws, process, key);
    }

    private static byte[] RobotZip(string robotYaml, IEnumerable<(string Name, string Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files.Prepend(("robot.yaml", robotYaml)))
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    internal static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!
            : throw new BenchException($"setup: {method} {path} answered {(int)response.StatusCode}: {text}");
    }

    /// <summary>A closed-loop load: each connection sends its next request when the previous answer is read.</summary>
    internal static async Task<LoadResult> LoadAsync(Uri baseAddress, string key, HttpMethod method, Func<int, string> path, string? body, int connections,
        TimeSpan duration, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        var histograms = new LatencyHistogram[connections];
        long errors = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var histogram = histograms[worker] = new LatencyHistogram();
            var n = 0;
            while (Stopwatch.GetTimestamp() < end && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(method, path(n++));
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, ct);
                await response.Content.LoadIntoBufferAsync(ct);
                histogram.Record((long)((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency));
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var all = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            all.Add(histogram);
        }

        return new LoadResult(all, all.Count, errors);
    }

    private static async Task<string> CursorAfterPagesAsync(Uri baseAddress, string key, string path, int pages, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        var next = path;
        for (var i = 0; i < pages; i++)
        {
            var page = JsonNode.Parse(await client.GetStringAsync(next, ct))!;
            next = page["next"]!.GetValue<string>();
        }

        return Uri.UnescapeDataString(new Uri(next).Query.Split("cursor=")[1].Split('&')[0]);
    }

    /// <summary>Writes runs straight into the SQLite file, with ids made as the server makes them (UUIDv7, time-ordered).</summary>
    private static void SeedRuns(string databasePath, Setup setup, int count)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO process_runs (id, workspace_id, process_id, number, state, created_at, state_updated_at, started_at, ended_at,
                current_step, started_by_type, started_by_id, started_by_name, stop_terminates_ongoing, stop_sets_remaining_done)
            VALUES ($id, $ws, $process, $number, $state, $at, $at, $at, $at, 0, 'api', 'bench', 'bench', 0, 0)
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        command.Parameters.AddWithValue("$ws", setup.WorkspaceId);
        command.Parameters.AddWithValue("$process", setup.ProcessId);
        var number = command.Parameters.Add("$number", SqliteType.Integer);
        var state = command.Parameters.Add("$state", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < count; i++)
        {
            var time = start.AddMilliseconds(i * 2.0);
            id.Value = UuidV7(time, i);
            number.Value = i + 1;
            state.Value = i % 10 == 0 ? "Unresolved" : "Completed";
            at.Value = time.UtcTicks;
            command.ExecuteNonQuery();
        }

        using var counter = connection.CreateCommand();
        counter.Transaction = transaction;
        counter.CommandText = "UPDATE processes SET run_count = $n WHERE id = $p";
        counter.Parameters.AddWithValue("$n", count);
        counter.Parameters.AddWithValue("$p", setup.ProcessId);
        counter.ExecuteNonQuery();
        transaction.Commit();
    }

    internal static string UuidV7(DateTimeOffset time, int sequence)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes[8..]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, time.ToUnixTimeMilliseconds() << 16);
        bytes[6] = (byte)(0x70 | ((sequence >> 8) & 0x0F));
        bytes[7] = (byte)sequence;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }

    internal static (string HangarDll, string ResultsDir, string DataDir) Prepare(BenchOptions options)
    {
        var root = RepoPaths.FindRoot();
        var hangarDll = RepoPaths.FindHangarDll(options.Hangar, root);
        var resultsDir = Path.GetFullPath(options.ResultsDirectory ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "bench", "results"));
        return (hangarDll, resultsDir, Directory.CreateTempSubdirectory("hangar-bench-").FullName);
    }

    internal static int Write(string resultsDir, string name, string report)
    {
        Directory.CreateDirectory(resultsDir);
        var file = Path.Combine(resultsDir, $"{name}-{DateTime.Now:yyyy-MM-dd}.md");
        File.WriteAllText(file, report);
        Console.WriteLine(report);
        Console.Error.WriteLine($"written to {file}");
        return 0;
    }

    internal static string Ms(LatencyHistogram latencies, double percentile) =>
        (latencies.Percentile(percentile) / 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    internal static string Memory(MemorySample? sample) => sample is { } s ? MemorySample.Format(s.RssKiB) : "n/a";

    private static string CpuMicros(long ticks, long requests) =>
        requests == 0 ? "n/a" : (ticks * 1e6 / 100 / requests).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>User + system CPU ticks (1/100 s) of a process, from /proc.</summary>
    internal static long CpuTicks(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    internal static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
