namespace Hangar.Core.Schedules;

/// <summary>A cron expression in a time zone that starts runs of one process.</summary>
public sealed class Schedule
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }

    /// <summary>5 fields (minute precision) or 6 (with seconds first), or a Cronos macro such as <c>@daily</c>.</summary>
    public required string Cron { get; set; }

    /// <summary>An IANA time zone id, e.g. <c>Europe/Berlin</c>; the expression's times are wall-clock times there.</summary>
    public required string TimeZone { get; set; }

    public bool Enabled { get; set; }

    /// <summary>The payload of the run's input work item (JSON text), or null for the process's default payload.</summary>
    public string? Payload { get; set; }

    public OverlapPolicy Overlap { get; set; }
    public CatchUpPolicy CatchUp { get; set; }

    /// <summary>
    /// The time the scheduler handles next; null when disabled or when the expression has no time left. Every node's
    /// scheduler claims it by moving it forward in the same transaction as the run it starts (see <see cref="ScheduleClaim"/>).
    /// </summary>
    public DateTimeOffset? NextFireAt { get; set; }

    /// <summary>The latest time the scheduler handled, and what came of it.</summary>
    public DateTimeOffset? LastFireAt { get; set; }

    public ScheduleFireOutcome? LastOutcome { get; set; }
    public string? LastRunId { get; set; }
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}
