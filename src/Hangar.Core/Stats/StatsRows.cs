namespace Hangar.Core.Stats;

/// <summary>
/// What the aggregates hold for a period, already summed per local day: <see cref="Day"/> is the index of the day
/// (0 = the first) whose [start, next start) contains the aggregate's UTC bucket.
/// </summary>
public sealed record StatsRows(
    IReadOnlyList<ProcessDayRow> Days,
    IReadOnlyList<ProcessDayDurationRow> Durations,
    IReadOnlyList<ExceptionCount> Exceptions);
