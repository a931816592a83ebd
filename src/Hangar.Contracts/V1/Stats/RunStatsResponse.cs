namespace Hangar.Contracts.V1.Stats;

/// <summary>
/// A workspace's runs over a period of local days (Hangar addition): <c>from</c> and <c>to</c> are inclusive dates in
/// <c>time_zone</c>, each day running midnight to midnight there. <c>days</c> has one entry per date, <c>processes</c>
/// comes worst first, <c>exceptions</c> holds the period's top exception codes of failed work items.
/// </summary>
public sealed record RunStatsResponse(
    DateOnly From,
    DateOnly To,
    string TimeZone,
    string Bucket,
    IReadOnlyList<RunStatsDayResponse> Days,
    IReadOnlyList<ProcessRunStatsResponse> Processes,
    IReadOnlyList<ExceptionCountResponse> Exceptions);
