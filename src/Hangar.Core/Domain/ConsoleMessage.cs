namespace Hangar.Core.Domain;

/// <summary>One line a step run's robot wrote to stdout or stderr, in order (<see cref="Sequence"/>).</summary>
public sealed class ConsoleMessage
{
    public required string StepRunId { get; init; }

    /// <summary>0, 1, 2, ... per step run; with the step run id it makes a retried append idempotent.</summary>
    public long Sequence { get; init; }

    public required string WorkspaceId { get; init; }
    public DateTimeOffset Timestamp { get; init; }

    /// <summary><c>stdout</c> or <c>stderr</c>.</summary>
    public required string Stream { get; init; }

    public required string Message { get; init; }
}
