namespace Hangar.Core.Domain;

/// <summary>A lifecycle event of a step run (queued, started, completed, failed, stopped, ...).</summary>
public sealed class StepRunEvent
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string StepRunId { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public required string EventType { get; init; }
}
