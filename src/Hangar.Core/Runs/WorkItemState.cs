namespace Hangar.Core.Runs;

/// <summary>
/// <see cref="New"/>: in the process's input queue, not part of a run yet; <see cref="Pending"/>: waiting for a step
/// run to reserve it; <see cref="InProgress"/>: reserved; <see cref="Failed"/> or <see cref="Done"/>: released.
/// </summary>
public enum WorkItemState
{
    New,
    Pending,
    InProgress,
    Failed,
    Done,
}
