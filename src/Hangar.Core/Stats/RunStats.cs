namespace Hangar.Core.Stats;

/// <summary>A workspace's run statistics over inclusive local dates in one time zone.</summary>
public sealed record RunStats(
    DateOnly From,
    DateOnly To,
    string TimeZone,
    string Bucket,
    IReadOnlyList<DayRunStats> Days,
    IReadOnlyList<ProcessRunStats> Processes,
    IReadOnlyList<ExceptionCount> Exceptions);
