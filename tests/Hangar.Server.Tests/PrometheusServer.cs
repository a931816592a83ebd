using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Debian's <c>prometheus</c>, run as a child process with its own config and data folder on a free port, scraping one
/// target every second. Its HTTP API answers PromQL queries as it answers Grafana's.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";

    private readonly Process _process;
    private readonly string _folder;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }

    public static async Task<PrometheusServer> StartAsync(Uri metricsUrl)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install Debian's prometheus package (test.sh does).");
        var folder = TempDirectory.Create("hangar-prometheus");
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: hangar
                metrics_path: {metricsUrl.AbsolutePath}
                static_configs:
                  - targets: ['{metricsUrl.Authority}']
            """);
        var port = HangarProcess.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList =
            {
                $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}",
                "--log.level=warn",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port}"));
        await server.WaitAsync(async () =>
        {
            using var ready = await server.Http.GetAsync("/-/ready");
            return ready.IsSuccessStatusCode;
        }, "prometheus to be ready");
        return server;
    }

    /// <summary>Runs an instant query; the answer's <c>data</c> (Prometheus refuses invalid PromQL with status error).</summary>
    public async Task<JsonNode> QueryAsync(string promQl)
    {
        using var response = await Http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}");
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text)!;
        Assert.True(body["status"]?.GetValue<string>() == "success", $"Prometheus refused '{promQl}': {text}");
        return body["data"]!;
    }

    /// <summary>The value of a query that answers one sample, or null while it answers none.</summary>
    public async Task<double?> ScalarAsync(string promQl)
    {
        var result = (await QueryAsync(promQl))["result"]!.AsArray();
        return result.Count == 0 ? null : double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    public async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.False(_process.HasExited, $"prometheus exited with code {(_process.HasExited ? _process.ExitCode : 0)}.");
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TempDirectory.TryDelete(_folder);
    }
}
