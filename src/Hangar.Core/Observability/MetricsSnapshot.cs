namespace Hangar.Core.Observability;

/// <summary>What the gauges report, read from the database every few seconds by the sampler.</summary>
public sealed record MetricsSnapshot(IReadOnlyList<QueueDepth> Waiting, IReadOnlyList<WorkerCount> Workers, bool Leader)
{
    public static MetricsSnapshot Empty { get; } = new([], [], false);
}

/// <summary>Queued step runs of one worker group (null: runs on any worker of its workspace).</summary>
public sealed record QueueDepth(string? WorkerGroup, long Count, double OldestAgeSeconds);

/// <summary>Workers in one state.</summary>
public sealed record WorkerCount(string State, long Count);
