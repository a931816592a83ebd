using System.Threading.Channels;
using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>
/// Sends the robot's output lines in batches (every 200 ms or 100 lines), numbered in the order they were read, so
/// the server keeps them in order and a resent batch is ignored. A failed send is retried with growing pauses for
/// about two minutes (a server restart); nothing is dropped unless the server stays unreachable longer.
/// </summary>
public sealed class ConsoleStreamer(WorkerApi api, string stepRunId, TimeProvider time) : IAsyncDisposable
{
    public const int MaxBatch = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Channel<ConsoleLine> _lines = Channel.CreateUnbounded<ConsoleLine>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sequenceLock = new();
    private long _sequence;
    private Task? _sender;

    public void Start(CancellationToken ct) => _sender = Task.Run(() => SendLoopAsync(ct), CancellationToken.None);

    /// <summary>Queues a line; the sequence is taken under a lock so stdout and stderr readers interleave in one order.</summary>
    public void Write(string stream, string message)
    {
        lock (_sequenceLock)
        {
            _lines.Writer.TryWrite(new ConsoleLine(_sequence++, time.GetUtcNow(), stream, message));
        }
    }

    /// <summary>Sends what is left and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _lines.Writer.TryComplete();
        if (_sender is not null)
        {
            await _sender;
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var batch = new List<ConsoleLine>(MaxBatch);
        var reader = _lines.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Let lines gather for a moment, so a chatty robot sends few large batches rather than many small ones.
            using (var gather = new CancellationTokenSource(Interval, time))
            {
                try
                {
                    while (batch.Count < MaxBatch && await reader.WaitToReadAsync(gather.Token))
                    {
                        while (batch.Count < MaxBatch && reader.TryRead(out var line))
                        {
                            batch.Add(line);
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    // The interval is over: send what was gathered.
                }
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var more))
            {
                batch.Add(more);
            }

            await SendAsync(batch, ct);
            batch.Clear();
        }
    }

    private async Task SendAsync(List<ConsoleLine> batch, CancellationToken ct)
    {
        for (var attempt = 1; batch.Count > 0; attempt++)
        {
            try
            {
                await api.SendConsoleAsync(stepRunId, batch, ct);
                return;
            }
            catch (Exception ex) when ((ex is HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError } or TaskCanceledException)
                                       && attempt < 60 && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 200 * attempt)), time, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // The server is gone for good (or we are shutting down): the robot's own run matters more than its console.
                return;
            }
        }
    }
}
