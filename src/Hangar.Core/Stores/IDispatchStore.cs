using Hangar.Core.Domain;
using Hangar.Core.Runs;

namespace Hangar.Core.Stores;

/// <summary>
/// The dispatch queue and the state changes around it. Every change that two parties may race for (a claim, a
/// completion against the watchdog, a run's progression) is one conditional statement, so exactly one of them wins.
/// </summary>
public interface IDispatchStore
{
    /// <summary>
    /// Atomically takes the oldest step run awaiting a worker that <paramref name="workerId"/> may run (its workspace;
    /// no group or one of the worker's groups), sets it in progress with a lease, and returns it; null when none waits.
    /// </summary>
    Task<StepRun?> ClaimAsync(string workerId, string workspaceId, DateTimeOffset at, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Pushes the lease on while the worker still holds the step run; false when it does not (any more).</summary>
    Task<bool> RenewLeaseAsync(string stepRunId, string workerId, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>Ends a step run the worker holds; false when it no longer holds it.</summary>
    Task<bool> EndAsync(string stepRunId, string workerId, StepRunState state, string? errorCode, DateTimeOffset at, CancellationToken ct);

    /// <summary>In-progress step runs whose lease ran out before <paramref name="at"/>.</summary>
    Task<IReadOnlyList<StepRun>> ListLapsedAsync(DateTimeOffset at, int limit, CancellationToken ct);

    /// <summary>
    /// Queues a lapsed step run again (still lapsed, so a late heartbeat and the watchdog never both win) and puts the
    /// items it held back to pending, in one transaction.
    /// </summary>
    Task<bool> RequeueLapsedAsync(string stepRunId, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Queues again a step run its worker gives back (it is stopping and had to end the robot), while that worker still
    /// holds it, with its items back to pending, in one transaction.
    /// </summary>
    Task<bool> RequeueReleasedAsync(string stepRunId, string workerId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Fails a lapsed step run with <paramref name="errorCode"/>.</summary>
    Task<bool> FailLapsedAsync(string stepRunId, string errorCode, DateTimeOffset at, CancellationToken ct);

    /// <summary>Moves items the step run still holds (in progress) to <paramref name="state"/>, with the exception when failed.</summary>
    Task<int> ReleaseHeldItemsAsync(string stepRunId, WorkItemState state, WorkItemExceptionType? type, string? code, string? message,
        DateTimeOffset at, CancellationToken ct);

    /// <summary>Fails the step's items no step run took (pending), when its step runs have all ended.</summary>
    Task<int> FailUnprocessedItemsAsync(string processRunId, string stepId, DateTimeOffset at, CancellationToken ct);

    Task<int> CountOpenStepRunsAsync(string processRunId, CancellationToken ct);

    Task<int> CountStepRunsAsync(string processRunId, CancellationToken ct);

    Task<int> CountItemsAsync(string processRunId, string? stepId, WorkItemState state, CancellationToken ct);

    /// <summary>Run <c>new</c> → <c>in_progress</c> on its first claim; false when it had started already.</summary>
    Task<bool> MarkRunStartedAsync(string processRunId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Moves the run from step <paramref name="fromStep"/> to <paramref name="toStep"/>; false when another caller did.</summary>
    Task<bool> AdvanceRunAsync(string processRunId, int fromStep, int toStep, DateTimeOffset at, CancellationToken ct);

    /// <summary>Ends the run in <paramref name="toState"/> when it is in one of <paramref name="fromStates"/>; false otherwise.</summary>
    Task<bool> EndRunAsync(string processRunId, IReadOnlyCollection<ProcessRunState> fromStates, ProcessRunState toState, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Moves the run from one of <paramref name="fromStates"/> to <c>stopping</c> with what the stop asked for; false when
    /// it was in none of them (it ended, or another stop came first).
    /// </summary>
    Task<bool> BeginStopAsync(string processRunId, IReadOnlyCollection<ProcessRunState> fromStates, bool terminateOngoing, bool setRemainingDone,
        string? reason, DateTimeOffset at, CancellationToken ct);

    /// <summary>Fails a step run that no worker has taken yet (new or awaiting a worker); false when a worker took it first.</summary>
    Task<bool> FailQueuedStepRunAsync(string stepRunId, string errorCode, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Ends the run's open items (pending, and in progress when <paramref name="includeInProgress"/>; items of a run are
    /// never new) in <paramref name="state"/>, with the exception when failed.
    /// </summary>
    Task<int> SettleOpenItemsAsync(string processRunId, bool includeInProgress, WorkItemState state, WorkItemExceptionType? type, string? code,
        string? message, DateTimeOffset at, CancellationToken ct);

    /// <summary>Writes new step runs with their events.</summary>
    Task AddStepRunsAsync(IReadOnlyList<StepRun> stepRuns, IReadOnlyList<StepRunEvent> events, CancellationToken ct);

    Task AddEventAsync(StepRunEvent stepRunEvent, CancellationToken ct);

    /// <summary>Stores the lines whose sequence is new for the step run and returns how many that was.</summary>
    Task<int> AppendConsoleAsync(string stepRunId, IReadOnlyList<ConsoleMessage> messages, CancellationToken ct);

    /// <summary>
    /// Adds the artifact, replacing one of the same step run and name (a worker that retries an upload whose answer it
    /// never got must not leave two); returns the replaced artifact's blob key, to delete, or null.
    /// </summary>
    Task<string?> AddArtifactAsync(Artifact artifact, CancellationToken ct);
}
