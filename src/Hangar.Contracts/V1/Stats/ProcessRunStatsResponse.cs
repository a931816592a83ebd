namespace Hangar.Contracts.V1.Stats;

/// <summary>
/// One process's runs over the period. <c>success_rate</c> is completed / runs (null without runs); durations are
/// percentiles of ended runs that ran, from a histogram whose bins are 19 % wide (so within about 9 %);
/// <c>daily_duration_p50_ms</c> has one entry per day of the period, null where no run ended.
/// </summary>
public sealed record ProcessRunStatsResponse(
    string ProcessId,
    string ProcessName,
    long Runs,
    long Completed,
    long Unresolved,
    long Stopped,
    long FailedToStart,
    double? SuccessRate,
    long? DurationP50Ms,
    long? DurationP95Ms,
    IReadOnlyList<long?> DailyDurationP50Ms,
    WorkItemStatsResponse WorkItems);
