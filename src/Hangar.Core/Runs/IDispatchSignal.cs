namespace Hangar.Core.Runs;

/// <summary>
/// Wakes workers waiting for work when step runs are queued, so a run starts at once instead of after a poll
/// interval. In process by default; across nodes through the database's notifications.
/// </summary>
public interface IDispatchSignal
{
    void StepRunsQueued();
}
