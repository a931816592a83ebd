using Hangar.Core.Errors;

namespace Hangar.Core.Runs;

/// <summary>
/// The allowed state changes of runs, step runs and work items, in one place. Every change of state in the server
/// goes through <see cref="Move(ProcessRunState, ProcessRunState)"/> and its overloads, so an impossible change is a
/// 409 instead of a corrupt run.
/// </summary>
public static class RunTransitions
{
    private static readonly Dictionary<ProcessRunState, ProcessRunState[]> RunMoves = new()
    {
        [ProcessRunState.New] = [ProcessRunState.InProgress, ProcessRunState.Stopping, ProcessRunState.Stopped],
        // A stop always goes through stopping (see AfterStop), also when it ends there at once.
        [ProcessRunState.InProgress] = [ProcessRunState.Completed, ProcessRunState.Unresolved, ProcessRunState.Stopping],
        // Retrying failed items takes an unresolved run back to work; marking them done completes it.
        [ProcessRunState.Unresolved] = [ProcessRunState.InProgress, ProcessRunState.Completed, ProcessRunState.Stopping, ProcessRunState.Stopped],
        [ProcessRunState.Stopping] = [ProcessRunState.Stopped],
        [ProcessRunState.Completed] = [],
        [ProcessRunState.Stopped] = [],
    };

    private static readonly Dictionary<StepRunState, StepRunState[]> StepMoves = new()
    {
        [StepRunState.New] = [StepRunState.AwaitingWorker, StepRunState.Failed],
        [StepRunState.AwaitingWorker] = [StepRunState.InProgress, StepRunState.Failed],
        // A step run whose worker vanished is queued again (while retries remain).
        [StepRunState.InProgress] = [StepRunState.Completed, StepRunState.Failed, StepRunState.AwaitingWorker],
        [StepRunState.Completed] = [],
        [StepRunState.Failed] = [],
    };

    private static readonly Dictionary<WorkItemState, WorkItemState[]> ItemMoves = new()
    {
        [WorkItemState.New] = [WorkItemState.Pending, WorkItemState.Done],
        [WorkItemState.Pending] = [WorkItemState.InProgress, WorkItemState.Done, WorkItemState.Failed],
        [WorkItemState.InProgress] = [WorkItemState.Done, WorkItemState.Failed, WorkItemState.Pending],
        [WorkItemState.Failed] = [WorkItemState.Pending, WorkItemState.Done],
        [WorkItemState.Done] = [],
    };

    public static bool IsTerminal(ProcessRunState state) => RunMoves[state].Length == 0;

    public static bool IsTerminal(StepRunState state) => StepMoves[state].Length == 0;

    public static bool CanMove(ProcessRunState from, ProcessRunState to) => RunMoves[from].Contains(to);

    public static bool CanMove(StepRunState from, StepRunState to) => StepMoves[from].Contains(to);

    public static bool CanMove(WorkItemState from, WorkItemState to) => ItemMoves[from].Contains(to);

    public static ProcessRunState Move(ProcessRunState from, ProcessRunState to) =>
        CanMove(from, to) ? to : throw Refuse("process run", from.ToString(), to.ToString());

    public static StepRunState Move(StepRunState from, StepRunState to) =>
        CanMove(from, to) ? to : throw Refuse("step run", from.ToString(), to.ToString());

    public static WorkItemState Move(WorkItemState from, WorkItemState to) =>
        CanMove(from, to) ? to : throw Refuse("work item", from.ToString(), to.ToString());

    /// <summary>
    /// Whether a robot still running for a run in <paramref name="state"/> must be ended now: when the run was stopped
    /// with <c>terminate_ongoing_activity_runs</c>, or has ended anyway. A stop without it lets running robots finish.
    /// </summary>
    public static bool CancelsRunningRobot(ProcessRunState state, bool stopTerminatesOngoing) =>
        state == ProcessRunState.Stopped || (state == ProcessRunState.Stopping && stopTerminatesOngoing);

    /// <summary>
    /// Where a stop leaves a run: <see cref="ProcessRunState.Stopping"/> while step runs still execute on workers
    /// (ended by the robots' kill, or by the robots finishing), else <see cref="ProcessRunState.Stopped"/> at once.
    /// </summary>
    public static ProcessRunState AfterStop(int executingStepRuns) =>
        executingStepRuns > 0 ? ProcessRunState.Stopping : ProcessRunState.Stopped;

    /// <summary>
    /// What a run becomes when every step run of its current step has ended: the next step when there is one and
    /// no item failed, <see cref="ProcessRunState.Unresolved"/> when items failed, else <see cref="ProcessRunState.Completed"/>.
    /// </summary>
    public static RunProgress AfterStep(int currentStep, int stepCount, int failedItems, int outputItems)
    {
        if (failedItems > 0)
        {
            return new RunProgress(ProcessRunState.Unresolved, null);
        }

        // A later step needs input: with no outputs the run is complete after this step.
        return currentStep + 1 < stepCount && outputItems > 0
            ? new RunProgress(ProcessRunState.InProgress, currentStep + 1)
            : new RunProgress(ProcessRunState.Completed, null);
    }

    private static HangarException Refuse(string what, string from, string to) =>
        HangarException.Conflict("invalid_state", $"A {what} cannot go from {Wire(from)} to {Wire(to)}.");

    private static string Wire(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
