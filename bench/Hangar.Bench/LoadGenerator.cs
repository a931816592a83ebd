using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace Hangar.Bench;

/// <summary>One kind of request the load generator sends: a path and, optionally, an Authorization header value.</summary>
internal sealed record RequestKind(string Label, string Path, string? Authorization, string Description);

/// <summary>What one measured slice of load produced.</summary>
internal sealed class SliceResult(RequestKind kind, LatencyHistogram latencies, long errors, TimeSpan elapsed, CpuSample? cpu)
{
    public RequestKind Kind { get; } = kind;

    public LatencyHistogram Latencies { get; } = latencies;

    public long Errors { get; } = errors;

    public TimeSpan Elapsed { get; } = elapsed;

    /// <summary>CPU ticks spent during the slice (null off Linux).</summary>
    public CpuSample? Cpu { get; } = cpu;

    public double RequestsPerSecond => Latencies.Count / Elapsed.TotalSeconds;
}

/// <summary>
/// A closed-loop load generator: <c>connections</c> workers, each sending its next request as soon as the previous
/// answer is fully read, over one <see cref="SocketsHttpHandler"/> whose pool holds exactly that many connections, so
/// every request kind runs over the same warm keep-alive connections. Each worker records into its own preallocated
/// <see cref="LatencyHistogram"/>; nothing is allocated per request beyond what HttpClient itself allocates.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly Dictionary<RequestKind, HttpClient> _clients = [];
    private readonly int _connections;
    private readonly Uri _baseAddress;

    public LoadGenerator(Uri baseAddress, int connections)
    {
        _baseAddress = baseAddress;
        _connections = connections;
        _handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>
    /// Sends <paramref name="kind"/> requests for <paramref name="duration"/> and returns what was recorded.
    /// <paramref name="cpu"/> samples CPU times at the start and the end of the slice.
    /// </summary>
    public async Task<SliceResult> RunAsync(RequestKind kind, TimeSpan duration, CpuMeter cpu, CancellationToken ct)
    {
        var client = ClientFor(kind);
        var path = new Uri(kind.Path, UriKind.Relative);
        var histograms = new LatencyHistogram[_connections];
        var errors = new long[_connections];
        for (var i = 0; i < _connections; i++)
        {
            histograms[i] = new LatencyHistogram();
        }

        var cpuBefore = cpu.Sample();
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Task[_connections];
        for (var i = 0; i < _connections; i++)
        {
            var worker = i;
            workers[i] = Task.Run(() => WorkerAsync(client, path, end, histograms[worker], errors, worker, ct), ct);
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var cpuAfter = cpu.Sample();

        var merged = new LatencyHistogram();
        foreach (var histogram in histograms)
        {
            merged.Add(histogram);
        }

        return new SliceResult(kind, merged, errors.Sum(), elapsed, cpuAfter is { } a && cpuBefore is { } b ? a - b : null);
    }

    /// <summary>Sends one request of <paramref name="kind"/> and returns the status code and body (for set-up checks).</summary>
    public async Task<(HttpStatusCode Status, string Body)> ProbeAsync(RequestKind kind, CancellationToken ct)
    {
        using var response = await ClientFor(kind).GetAsync(new Uri(kind.Path, UriKind.Relative), ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _handler.Dispose();
    }

    private static async Task WorkerAsync(
        HttpClient client, Uri path, long end, LatencyHistogram histogram, long[] errors, int worker, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
        try
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                ct.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                var ok = false;
                try
                {
                    using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
                    await using var body = await response.Content.ReadAsStreamAsync(ct);
                    while (await body.ReadAsync(buffer, ct) > 0)
                    {
                        // Drain the body: the request ends when its last byte has arrived.
                    }

                    ok = response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    ok = false; // HttpClient.Timeout: counted as an error, not the end of the run.
                }

                if (ok)
                {
                    histogram.Record((long)((Stopwatch.GetTimestamp() - started) * nanosecondsPerTick));
                }
                else
                {
                    errors[worker]++;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private HttpClient ClientFor(RequestKind kind)
    {
        if (_clients.TryGetValue(kind, out var client))
        {
            return client;
        }

        client = new HttpClient(_handler, disposeHandler: false)
        {
            BaseAddress = _baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (kind.Authorization is { } authorization)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        _clients[kind] = client;
        return client;
    }
}
