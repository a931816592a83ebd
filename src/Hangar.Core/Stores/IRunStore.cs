using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Runs;

namespace Hangar.Core.Stores;

/// <summary>Process runs, step runs and work items.</summary>
public interface IRunStore
{
    /// <summary>
    /// Starts runs in one transaction: numbers them from the process's counter, adds them with their new input
    /// items and first step runs, moves the input-queue items they take into them (a conflict when one of those is
    /// no longer waiting), records the idempotency key when given, and writes a schedule's claim of its time when
    /// given (409 <see cref="Schedules.ScheduleClaim.TakenCode"/> when another node was first). Either all of it is
    /// written or nothing.
    /// </summary>
    Task StartAsync(string processId, IReadOnlyList<RunPlan> plans, IdempotencyRecord? idempotency, Schedules.ScheduleClaim? claim,
        CancellationToken ct);

    /// <summary>Whether a run of the process is new, in progress or stopping.</summary>
    Task<bool> HasActiveRunAsync(string workspaceId, string processId, CancellationToken ct);

    Task<ProcessRun?> FindRunAsync(string workspaceId, string runId, CancellationToken ct);

    /// <summary>Runs newest first, filtered (by process, state, outcome, when they ended).</summary>
    Task<Page<ProcessRun>> ListRunsAsync(string workspaceId, RunFilter filter, PageRequest page, CancellationToken ct);

    Task SaveAsync(CancellationToken ct);

    /// <summary>Deletes a run with everything of its own; the blobs of its files are queued for housekeeping to delete.</summary>
    Task DeleteRunAsync(ProcessRun run, DateTimeOffset now, CancellationToken ct);

    /// <summary>A step run as it is now, read only (changes go through the dispatch store's conditional updates).</summary>
    Task<StepRun?> FindStepRunAsync(string workspaceId, string stepRunId, CancellationToken ct);

    Task<Page<StepRun>> ListStepRunsAsync(string workspaceId, string processRunId, PageRequest page, CancellationToken ct);

    /// <summary>The run's step runs that have not ended, tracked (a change is written by the next save).</summary>
    Task<IReadOnlyList<StepRun>> ListOpenStepRunsAsync(string processRunId, CancellationToken ct);

    Task AddWorkItemAsync(WorkItem item, CancellationToken ct);

    /// <summary>Adds a step run to the unit of work (written by the next save).</summary>
    Task AddStepRunAsync(StepRun stepRun, CancellationToken ct);

    /// <summary>Adds a step run event to the unit of work (written by the next save).</summary>
    void AddEvent(StepRunEvent stepRunEvent);

    Task<WorkItem?> FindWorkItemAsync(string workspaceId, string id, CancellationToken ct);

    /// <summary>
    /// The item an output is created from, with the step after its own in its process (one query, the payload not
    /// read); null when the workspace has no such item.
    /// </summary>
    Task<OutputParent?> FindOutputParentAsync(string workspaceId, string workItemId, CancellationToken ct);

    Task<IReadOnlyList<WorkItem>> FindWorkItemsAsync(string workspaceId, IReadOnlyCollection<string> ids, CancellationToken ct);

    Task<Page<WorkItem>> ListWorkItemsAsync(string workspaceId, WorkItemFilter filter, PageRequest page, CancellationToken ct);

    /// <summary>
    /// Atomically moves the oldest pending item of <paramref name="stepRun"/>'s run and step to in progress, held by
    /// that step run, and returns its id (null when none is left). Two concurrent calls never get the same item.
    /// </summary>
    Task<string?> ReserveNextWorkItemAsync(StepRun stepRun, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Ends an item that <paramref name="stepRunId"/> holds (in progress, reserved by it) as done or failed with the
    /// exception; false when the item is not held by that step run (any more).
    /// </summary>
    Task<bool> ReleaseWorkItemAsync(string workItemId, string stepRunId, WorkItemRelease release, DateTimeOffset at, CancellationToken ct);

    Task<IReadOnlyList<WorkItem>> ListOpenWorkItemsAsync(string processRunId, CancellationToken ct);

    /// <summary>Deletes items with their files; the files' blobs are queued for housekeeping to delete.</summary>
    Task DeleteWorkItemsAsync(IReadOnlyCollection<WorkItem> items, DateTimeOffset now, CancellationToken ct);

    /// <summary>The run started earlier with this idempotency key in the workspace, if any, with the hash of its request.</summary>
    Task<IdempotencyRecord?> FindIdempotencyAsync(string workspaceId, string key, CancellationToken ct);

    /// <summary>Deletes idempotency records made before <paramref name="cutoff"/> (one key, or all when <paramref name="key"/> is null).</summary>
    Task<int> ForgetIdempotencyAsync(string? workspaceId, string? key, DateTimeOffset cutoff, CancellationToken ct);
}
