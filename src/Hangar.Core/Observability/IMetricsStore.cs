namespace Hangar.Core.Observability;

/// <summary>The few aggregate reads the metrics gauges need, across every workspace.</summary>
public interface IMetricsStore
{
    /// <summary>Queued step runs per worker group, with the time the oldest was queued.</summary>
    Task<IReadOnlyList<(string? WorkerGroupId, long Count, DateTimeOffset OldestQueuedAt)>> QueuedStepRunsAsync(CancellationToken ct);

    /// <summary>Workers seen since <paramref name="seenSince"/> and not; and how many of them run a step run now.</summary>
    Task<(long Online, long Busy, long Offline)> WorkerCountsAsync(DateTimeOffset seenSince, CancellationToken ct);
}
