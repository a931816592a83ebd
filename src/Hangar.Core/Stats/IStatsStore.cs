namespace Hangar.Core.Stats;

/// <summary>
/// The run statistics' reads. Run and item numbers come from the aggregates (kept in the same transaction as every end
/// of a run or an item), never from a scan of runs; the queue numbers come from the small live tables.
/// </summary>
public interface IStatsStore
{
    /// <summary>
    /// The aggregates between <paramref name="dayStarts"/>[0] and its last entry, summed per day, where day i is
    /// [dayStarts[i], dayStarts[i+1]); the top <paramref name="topExceptions"/> exception codes of the whole period.
    /// </summary>
    Task<StatsRows> ReadAsync(string workspaceId, string? processId, IReadOnlyList<DateTimeOffset> dayStarts, int topExceptions, CancellationToken ct);

    /// <summary>The workspace's processes by id with their names.</summary>
    Task<IReadOnlyDictionary<string, string>> ProcessNamesAsync(string workspaceId, CancellationToken ct);

    /// <summary>Step runs awaiting a worker per worker group (null: no group), with when the oldest was queued.</summary>
    Task<IReadOnlyList<(string? WorkerGroupId, string? Name, long Count, DateTimeOffset OldestQueuedAt)>> WaitingStepRunsAsync(string workspaceId,
        CancellationToken ct);

    Task<long> RunsInProgressAsync(string workspaceId, CancellationToken ct);

    Task<WorkerCounts> WorkerCountsAsync(string workspaceId, DateTimeOffset seenSince, CancellationToken ct);

    /// <summary>The last <paramref name="max"/> runs that ended unresolved or stopped, newest first.</summary>
    Task<IReadOnlyList<RecentFailure>> RecentFailuresAsync(string workspaceId, int max, CancellationToken ct);

    /// <summary>
    /// Recomputes the aggregates of one workspace (all when null) from the runs and items stored, in one transaction;
    /// returns how many runs were counted.
    /// </summary>
    Task<long> RebuildAsync(string? workspaceId, CancellationToken ct);
}
