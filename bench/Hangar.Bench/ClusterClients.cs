using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Hangar.Bench;

/// <summary>
/// The cluster benchmark's clients: the trigger load (8 clients through the load balancer until N runs are
/// acknowledged; a trigger without an answer is not acknowledged and its client sends another) and, at the end, the
/// download check (every output file and artifact of the acknowledged runs, each signed URL sent to every node directly).
/// </summary>
internal sealed class ClusterClients(Uri loadBalancer, RunsBenchmark.Setup setup, int runs)
{
    private const int Clients = 8;

    private long _failures;
    private int _reserved;
    private int _next;
    private long _firstTrigger;
    private long _lastAcknowledged;

    /// <summary>Run id → the number sent in its payload (the robot writes it into its output file and artifact).</summary>
    public ConcurrentDictionary<string, int> Acknowledged { get; } = new(StringComparer.Ordinal);

    public long Failures => Interlocked.Read(ref _failures);

    public DateTimeOffset FirstTrigger => new(Interlocked.Read(ref _firstTrigger), TimeSpan.Zero);

    public DateTimeOffset LastAcknowledged => new(Interlocked.Read(ref _lastAcknowledged), TimeSpan.Zero);

    public async Task TriggerAsync(CancellationToken ct)
    {
        Interlocked.Exchange(ref _firstTrigger, DateTimeOffset.UtcNow.UtcTicks);
        var path = $"api/v1/workspaces/{setup.WorkspaceId}/processes/{setup.ProcessId}/process-runs";
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            using var client = KeyClient(loadBalancer, setup.Key);
            // Each client takes one of the N acknowledgements to earn, and triggers until it has it.
            while (Interlocked.Increment(ref _reserved) <= runs)
            {
                while (true)
                {
                    var n = Interlocked.Increment(ref _next);
                    try
                    {
                        using var body = new StringContent($$"""{"type":"with_payloads","payloads":[{"n":{{n}}}]}""", Encoding.UTF8, "application/json");
                        using var response = await client.PostAsync(path, body, ct);
                        if (response.IsSuccessStatusCode)
                        {
                            var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["id"]!.GetValue<string>();
                            Acknowledged[id] = n;
                            Interlocked.Exchange(ref _lastAcknowledged, DateTimeOffset.UtcNow.UtcTicks);
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        // No answer: not acknowledged.
                    }
                    catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // Timed out: not acknowledged.
                    }

                    Interlocked.Increment(ref _failures);
                    await Task.Delay(50, ct);
                }
            }
        }, ct)));
    }

    public sealed record Downloads(int OutputFiles, int Artifacts, int Succeeded, int Failed, string? FirstFailure)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{OutputFiles:N0} output files and {Artifacts:N0} artifacts; {Succeeded:N0} downloads right, {Failed:N0} failed{(FirstFailure is null ? "" : $" (first: {FirstFailure})")}");
    }

    /// <summary>
    /// Lists each run's outputs and artifacts through one node (alternating), and downloads each file through every
    /// node: the signed URL is made for the public address (the load balancer), its path and query go to the node.
    /// </summary>
    public static async Task<Downloads> CheckDownloadsAsync(IReadOnlyList<Uri> nodes, RunsBenchmark.Setup setup, IReadOnlyDictionary<string, int> runs,
        CancellationToken ct)
    {
        var ws = setup.WorkspaceId;
        int outputFiles = 0, artifacts = 0, succeeded = 0, failed = 0;
        string? firstFailure = null;
        var clients = nodes.Select(n => KeyClient(n, setup.Key)).ToList();
        using var direct = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        void Fail(string what)
        {
            Interlocked.Increment(ref failed);
            Interlocked.CompareExchange(ref firstFailure, what, null);
        }

        async Task DownloadEverywhereAsync(string signedUrl, string expected)
        {
            var pathAndQuery = new Uri(signedUrl).PathAndQuery;
            foreach (var node in nodes)
            {
                try
                {
                    var text = await direct.GetStringAsync(new Uri(node, pathAndQuery), ct);
                    if (text == expected)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        Fail($"{pathAndQuery} on {node}: '{text}', not '{expected}'");
                    }
                }
                catch (HttpRequestException ex)
                {
                    Fail($"{pathAndQuery} on {node}: {ex.Message}");
                }
            }
        }

        try
        {
            var index = 0;
            await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = Clients, CancellationToken = ct }, async (run, token) =>
            {
                var (runId, n) = run;
                var via = clients[Interlocked.Increment(ref index) % clients.Count];
                try
                {
                    var outputs = (await RunsBenchmark.SendAsync(via, HttpMethod.Get, $"api/v1/workspaces/{ws}/process-runs/{runId}/outputs", null, token))["data"]!.AsArray();
                    if (outputs.Count == 0)
                    {
                        Fail($"run {runId} has no output");
                    }

                    foreach (var output in outputs)
                    {
                        foreach (var file in output!["files"]!.AsArray())
                        {
                            Interlocked.Increment(ref outputFiles);
                            var link = await RunsBenchmark.SendAsync(via, HttpMethod.Get, $"json-v1/workspaces/{ws}/workitems/{output["id"]}/files/{file!["id"]}", null, token);
                            await DownloadEverywhereAsync(link["url"]!.GetValue<string>(), $"result {n}");
                        }
                    }

                    var stepRun = (await RunsBenchmark.SendAsync(via, HttpMethod.Get, $"api/v1/workspaces/{ws}/step-runs?process_run_id={runId}", null, token))["data"]![0]!;
                    var list = await RunsBenchmark.SendAsync(via, HttpMethod.Get, $"api/v1/workspaces/{ws}/step-runs/{stepRun["id"]}/artifacts", null, token);
                    var artifact = list["data"]!.AsArray().FirstOrDefault(a => a!["name"]!.GetValue<string>() == "report.txt");
                    if (artifact is null)
                    {
                        Fail($"run {runId} has no artifact report.txt");
                        return;
                    }

                    Interlocked.Increment(ref artifacts);
                    var artifactLink = await RunsBenchmark.SendAsync(via, HttpMethod.Get, $"api/v1/workspaces/{ws}/step-runs/{stepRun["id"]}/artifacts/{artifact["id"]}", null, token);
                    await DownloadEverywhereAsync(artifactLink["url"]!.GetValue<string>(), $"run {runId} item {n}");
                }
                catch (BenchException ex)
                {
                    Fail(ex.Message);
                }
            });
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        return new Downloads(outputFiles, artifacts, succeeded, failed, firstFailure);
    }

    private static HttpClient KeyClient(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("RC-WSKEY", key);
        return client;
    }
}
