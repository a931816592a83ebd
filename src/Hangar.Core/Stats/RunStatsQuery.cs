namespace Hangar.Core.Stats;

/// <summary>
/// What run statistics to compute: inclusive local dates in <paramref name="TimeZone"/> (an IANA id; UTC when null),
/// by default the last 14 days ending today; one process or all; <paramref name="Bucket"/> only <c>day</c>.
/// </summary>
public sealed record RunStatsQuery(DateOnly? From = null, DateOnly? To = null, string? TimeZone = null, string? ProcessId = null,
    string? Bucket = null);
