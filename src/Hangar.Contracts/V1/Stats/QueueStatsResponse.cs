namespace Hangar.Contracts.V1.Stats;

/// <summary>
/// The workspace right now (Hangar addition): step runs waiting per worker group, runs in progress, workers by state,
/// and the last ten runs that ended in a failure.
/// </summary>
public sealed record QueueStatsResponse(
    IReadOnlyList<WorkerGroupWaitingResponse> WorkerGroups,
    long RunsInProgress,
    WorkerCountsResponse Workers,
    IReadOnlyList<RecentFailureResponse> RecentFailures);
