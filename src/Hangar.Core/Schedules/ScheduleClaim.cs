namespace Hangar.Core.Schedules;

/// <summary>
/// A node's claim of a schedule's due time, written with the run it starts (or alone, when it starts none): it moves
/// the schedule's <see cref="Schedule.NextFireAt"/> from <paramref name="ExpectedNextFireAt"/> to <paramref name="NextFireAt"/>
/// only if it is still the expected one, and inserts <paramref name="Fire"/> under its unique key. When either fails,
/// another node (or an edit of the schedule) was first, and nothing of the start is written.
/// </summary>
public sealed record ScheduleClaim(string ScheduleId, DateTimeOffset ExpectedNextFireAt, DateTimeOffset? NextFireAt, ScheduleFire Fire)
{
    /// <summary>The refusal a store raises when the claim is lost; the scheduler treats it as "done elsewhere".</summary>
    public const string TakenCode = "schedule_time_taken";
}
