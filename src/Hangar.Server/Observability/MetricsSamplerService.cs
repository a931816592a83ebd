using Hangar.Core.Coordination;
using Hangar.Core.Observability;
using Hangar.Core.Runs;

namespace Hangar.Server.Observability;

/// <summary>
/// Reads what the gauges report (queue depth and age per worker group, workers by state, leadership) every
/// <see cref="Interval"/>, so a scrape never waits on the database and a busy Prometheus cannot load it. Runs only
/// when metrics are exported.
/// </summary>
public sealed partial class MetricsSamplerService(IServiceScopeFactory scopes, ILeadership leadership, HangarMetrics metrics, DispatchOptions dispatch,
    TimeProvider time, ILogger<MetricsSamplerService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The share of one core the sampler may take: after a sample that took t, the next one waits at least
    /// t × (1 / share − 1). Counting a queue of hundreds of thousands of step runs takes a noticeable fraction of a
    /// second, and a node under load should not spend it every <see cref="Interval"/>.
    /// </summary>
    public const double MaxCpuShare = 0.02;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                metrics.Snapshot = await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }

            await Task.Delay(NextDelay(time.GetElapsedTime(started)), time, stoppingToken);
        }
    }

    /// <summary>How long to wait after a sample that took <paramref name="took"/>: <see cref="Interval"/>, or longer when sampling is slow.</summary>
    public static TimeSpan NextDelay(TimeSpan took)
    {
        var spaced = took * (1 / MaxCpuShare - 1);
        return spaced > Interval ? spaced : Interval;
    }

    private async Task<MetricsSnapshot> SampleAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IMetricsStore>();
        var now = time.GetUtcNow();
        var waiting = (await store.QueuedStepRunsAsync(ct))
            .Select(q => new QueueDepth(q.WorkerGroupId, q.Count, Math.Max(0, (now - q.OldestQueuedAt).TotalSeconds)))
            .ToList();
        var (online, busy, offline) = await store.WorkerCountsAsync(now - dispatch.OfflineAfter, ct);
        WorkerCount[] workers = [new("idle", online - busy), new("busy", busy), new("offline", offline)];
        return new MetricsSnapshot(waiting, workers, await leadership.IsLeaderAsync(ct));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the metrics gauges failed; they keep their last values")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
