namespace Hangar.Core.Stats;

/// <summary>
/// The aggregate of one process's ends in one 15-minute UTC bucket: runs that ended there by outcome and work items
/// that ended (done or failed) there. The database keeps it in the same transaction as each end (triggers on runs and
/// items, see the storage layer), so it always equals a recount from the runs and items, except that deleting runs
/// or items leaves their counts in place: the dashboard shows history.
/// </summary>
public sealed class RunStatsBucket
{
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }

    /// <summary>The bucket's start (UTC, a multiple of 15 minutes).</summary>
    public DateTimeOffset BucketStart { get; init; }

    public long Completed { get; set; }
    public long Unresolved { get; set; }
    public long Stopped { get; set; }
    public long FailedToStart { get; set; }

    /// <summary>Work items that ended done or failed.</summary>
    public long ItemsTotal { get; set; }

    public long ItemsFailedBusiness { get; set; }

    /// <summary>Failed items of any other type (application, orchestrator, unspecified).</summary>
    public long ItemsFailedApplication { get; set; }
}
