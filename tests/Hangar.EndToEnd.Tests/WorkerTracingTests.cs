using System.Collections.Concurrent;
using System.Net;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// A standalone <c>hangar worker</c> with an OTLP endpoint sends its spans to the collector, in the run's trace: the
/// collector here is an HTTP listener that keeps each OTLP/protobuf body it receives.
/// </summary>
public sealed class WorkerTracingTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private const string TraceParentYaml = """
        tasks:
          Main:
            shell: python3 -c "import os; print('traceparent ' + os.environ.get('TRACEPARENT', 'none'), flush=True)"
        artifactsDir: output
        """;

    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-worker-tracing");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task StandaloneWorker_ExportsItsRobotSpan_InTheRunsTrace()
    {
        using var collector = new OtlpCollector();
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir, "--no-worker"],
            new Dictionary<string, string>
            {
                ["HANGAR_ADMIN_PASSWORD"] = Password,
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            });
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var api = E2eApi.KeyClient(url, key);
        var token = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) });
        var config = Path.Combine(_dataDir, "worker", "worker.json");
        var (linkCode, linkOutput) = await HangarProcess.RunAsync(
            ["worker", "link", token["link_token"]!.GetValue<string>(), "--name", "traced", "--server", url, "--config", config]);
        Assert.True(linkCode == 0, linkOutput);

        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", TraceParentYaml)));
        var runId = (await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{process}/process-runs",
            new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }))["id"]!.GetValue<string>();
        byte[] traceId;
        await using (var worker = HangarProcess.Start(["worker", "start", "--config", config, "--work-dir", Path.Combine(_dataDir, "work")],
                         new Dictionary<string, string>
                         {
                             ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                             ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                             ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                         }))
        {
            var run = await E2eApi.WaitForRunAsync(api, ws, runId, worker);
            Assert.Equal("completed", run["hangar_state"]!.GetValue<string>());
            var stepRunId = await E2eApi.WaitForStepRunAsync(api, ws, runId, "completed", worker);
            var console = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/step-runs/{stepRunId}/console-messages"))["data"]!.AsArray()
                .Select(l => l!["message"]!.GetValue<string>()).ToList();
            var traceParent = Assert.Single(console, l => l.StartsWith("traceparent ", StringComparison.Ordinal))["traceparent ".Length..];
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(traceParent, "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"), $"TRACEPARENT was '{traceParent}'");

            // The robot's TRACEPARENT names the worker's hangar.robot span: the collector must hold that span, with the
            // run's id, in that trace (ids are raw bytes in OTLP's protobuf).
            Assert.True((Convert.ToInt32(traceParent.Split('-')[3], 16) & 1) == 1, $"the robot's span is not sampled: {traceParent}");
            traceId = Convert.FromHexString(traceParent.Split('-')[1]);
            var spanId = Convert.FromHexString(traceParent.Split('-')[2]);
            var body = await collector.WaitForAsync(b => Contains(b, "hangar.robot"u8) && Contains(b, traceId) && Contains(b, spanId), worker);
            Assert.True(Contains(body, System.Text.Encoding.UTF8.GetBytes(runId)), "the robot span lacks the run id");
            Assert.True(Contains(body, "hangar-worker"u8), "the spans do not name the worker's service");
        }

        // The server's own spans of the run (its start, the claim) are in the same trace.
        Assert.Contains(collector.Bodies, b => Contains(b, "hangar.claim"u8) && Contains(b, traceId));
    }

    private static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>An OTLP/HTTP receiver that accepts every export and keeps the bodies.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<byte[]> _bodies = new();
        private readonly Task _loop;

        public OtlpCollector()
        {
            Url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public string Url { get; }
        public IEnumerable<byte[]> Bodies => _bodies;

        public async Task<byte[]> WaitForAsync(Func<byte[], bool> match, HangarProcess process)
        {
            for (var i = 0; i < 300; i++)
            {
                var found = _bodies.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"no matching span reached the collector ({_bodies.Count} exports):\n{process.Output}");
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _loop;
        }

        private async Task AcceptAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                _bodies.Enqueue(buffer.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
