namespace Hangar.Core.Stats;

/// <summary>
/// One process over the period: its runs by outcome, duration percentiles (from the histogram, see
/// <see cref="DurationBins"/>), the daily p50 (one per day, null where no run ended) and its ended work items.
/// </summary>
public sealed record ProcessRunStats(
    string ProcessId,
    string ProcessName,
    RunOutcomeCounts Outcomes,
    long? DurationP50Ms,
    long? DurationP95Ms,
    IReadOnlyList<long?> DailyDurationP50Ms,
    WorkItemCounts WorkItems)
{
    public long Runs => Outcomes.Total;

    /// <summary>Completed runs over all ended runs; null without runs.</summary>
    public double? SuccessRate => Runs == 0 ? null : (double)Outcomes.Completed / Runs;
}
