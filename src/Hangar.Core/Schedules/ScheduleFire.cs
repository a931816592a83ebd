namespace Hangar.Core.Schedules;

/// <summary>
/// One handled time of a schedule. Its key (schedule, time) is unique: whichever node writes it first has fired that
/// time, and it is written in the same transaction as the run it started, so a time is never fired twice, not by two
/// nodes and not after a restart.
/// </summary>
public sealed class ScheduleFire
{
    public required string ScheduleId { get; init; }

    /// <summary>The scheduled time handled (the newest one, when missed times were handled with it).</summary>
    public DateTimeOffset FireAt { get; init; }

    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    public ScheduleFireOutcome Outcome { get; init; }

    /// <summary>How many earlier times were missed and handled with this one (skipped, or caught up by its run).</summary>
    public int Missed { get; init; }

    /// <summary>The run started, set by the store as it writes the run.</summary>
    public string? RunId { get; set; }

    public string? Error { get; init; }
    public DateTimeOffset HandledAt { get; init; }
}
