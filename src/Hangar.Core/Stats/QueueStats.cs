namespace Hangar.Core.Stats;

/// <summary>The workspace right now: waiting step runs per worker group, runs in progress, workers, the last failures.</summary>
public sealed record QueueStats(
    IReadOnlyList<WorkerGroupWaiting> WorkerGroups,
    long RunsInProgress,
    WorkerCounts Workers,
    IReadOnlyList<RecentFailure> RecentFailures);
