namespace Hangar.Core.Runs;

public enum StepRunState
{
    New,
    AwaitingWorker,
    InProgress,
    Completed,
    Failed,
}
