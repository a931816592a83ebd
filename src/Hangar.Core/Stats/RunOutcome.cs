namespace Hangar.Core.Stats;

/// <summary>
/// How an ended run counts in the statistics. <see cref="FailedToStart"/> is a run that ended unresolved before any
/// worker took a step run of it (started_at is empty), e.g. because its package was gone; a run stopped before it
/// started counts as <see cref="Stopped"/>.
/// </summary>
public enum RunOutcome
{
    Completed,
    Unresolved,
    Stopped,
    FailedToStart,
}
