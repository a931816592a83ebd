namespace Hangar.Contracts.V1;

/// <summary>The latest time a schedule handled: <c>started</c>, <c>skipped_overlap</c>, <c>skipped_missed</c> or <c>failed</c>.</summary>
public sealed record ScheduleLastFireResponse(DateTimeOffset At, string Outcome, IdRef? ProcessRun, string? Error);
