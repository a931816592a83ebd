namespace Hangar.Core.Schedules;

/// <summary>What the scheduler did with one due schedule; <see cref="Lost"/> when another node (or an edit) was first.</summary>
public sealed record FireResult(string ScheduleId, DateTimeOffset FireAt, ScheduleFireOutcome? Outcome, int Missed, string? RunId, string? Error)
{
    public bool Lost => Outcome is null;
}
