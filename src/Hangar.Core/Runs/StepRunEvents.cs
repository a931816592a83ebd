using Hangar.Core.Domain;

namespace Hangar.Core.Runs;

/// <summary>The event types of a step run's life, and how one is made.</summary>
public static class StepRunEvents
{
    public const string Queued = "queued";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Stopped = "stopped";
    public const string WorkerLost = "worker_lost";

    public static StepRunEvent New(StepRun stepRun, string eventType, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        return new StepRunEvent { Id = Ids.New(), WorkspaceId = stepRun.WorkspaceId, StepRunId = stepRun.Id, Timestamp = at, EventType = eventType };
    }
}
