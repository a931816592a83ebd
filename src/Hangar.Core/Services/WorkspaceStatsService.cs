using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stats;

namespace Hangar.Core.Services;

/// <summary>
/// The numbers of a workspace's dashboard: runs per local day and per process from the aggregates, and the queue as it
/// is now. Days run midnight to midnight in the asked IANA time zone; the aggregates' 15-minute UTC buckets fit every
/// zone's day boundaries, since all zone offsets are multiples of 15 minutes.
/// </summary>
public sealed class WorkspaceStatsService(WorkspaceAccess access, IStatsStore store, DispatchOptions dispatch, TimeProvider time)
{
    public const int DefaultDays = 14;
    public const int MaxDays = 92;
    public const int TopExceptions = 10;
    public const int RecentFailureCount = 10;
    public const string DayBucket = "day";

    public async Task<RunStats> GetRunStatsAsync(Caller caller, string workspaceId, RunStatsQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        await RequireReadRunsAsync(caller, workspaceId, ct);
        if (query.Bucket is not null && query.Bucket != DayBucket)
        {
            throw HangarException.Invalid("invalid_bucket", "bucket must be \"day\".");
        }

        // The same check and refusal (invalid_timezone) as schedules and the profile: one idea of a valid zone.
        var (zone, zoneId) = Validate.TimeZone(string.IsNullOrEmpty(query.TimeZone) ? "UTC" : query.TimeZone, "time_zone");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var to = query.To ?? (query.From is { } f ? Min(f.AddDays(DefaultDays - 1), today) : today);
        var from = query.From ?? to.AddDays(-(DefaultDays - 1));
        if (from > to)
        {
            throw HangarException.Invalid("invalid_range", "from must not be after to.");
        }

        var dayCount = to.DayNumber - from.DayNumber + 1;
        if (dayCount > MaxDays)
        {
            throw HangarException.Invalid("range_too_long", $"A period covers at most {MaxDays} days.");
        }

        var names = await store.ProcessNamesAsync(workspaceId, ct);
        if (query.ProcessId is { } processId && !names.ContainsKey(processId))
        {
            throw HangarException.NotFound("The process");
        }

        var dayStarts = Enumerable.Range(0, dayCount + 1).Select(i => LocalMidnight(from.AddDays(i), zone)).ToList();
        var rows = await store.ReadAsync(workspaceId, query.ProcessId, dayStarts, TopExceptions, ct);
        var days = Enumerable.Range(0, dayCount)
            .Select(i => new DayRunStats(from.AddDays(i), rows.Days.Where(r => r.Day == i).Aggregate(RunOutcomeCounts.Zero, (a, r) => a.Add(r.Outcomes))))
            .ToList();
        var processIds = query.ProcessId is { } only ? [only] : names.Keys.ToList();
        var processes = processIds.Select(id => ProcessStats(id, names[id], dayCount, rows))
            .OrderBy(p => p.SuccessRate ?? double.MaxValue)
            .ThenByDescending(p => p.WorkItems.Failed)
            .ThenBy(p => p.ProcessName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(p => p.ProcessId, StringComparer.Ordinal)
            .ToList();
        return new RunStats(from, to, zoneId, DayBucket, days, processes, rows.Exceptions);
    }

    public async Task<QueueStats> GetQueueStatsAsync(Caller caller, string workspaceId, CancellationToken ct)
    {
        await RequireReadRunsAsync(caller, workspaceId, ct);
        var now = time.GetUtcNow();
        var waiting = await store.WaitingStepRunsAsync(workspaceId, ct);
        var groups = waiting
            .Select(w => new WorkerGroupWaiting(w.WorkerGroupId, w.Name, w.Count, Math.Max(0, (long)(now - w.OldestQueuedAt).TotalSeconds)))
            .OrderBy(g => g.Name is null ? 0 : 1).ThenBy(g => g.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var inProgress = await store.RunsInProgressAsync(workspaceId, ct);
        var workers = await store.WorkerCountsAsync(workspaceId, now - dispatch.OfflineAfter, ct);
        var failures = await store.RecentFailuresAsync(workspaceId, RecentFailureCount, ct);
        return new QueueStats(groups, inProgress, workers, failures);
    }

    /// <summary>The UTC instant at which <paramref name="date"/> begins in <paramref name="zone"/> (the first valid local time when midnight is skipped).</summary>
    public static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            // A zone that skips midnight (a DST change at 00:00) starts its day at the first time that exists.
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static ProcessRunStats ProcessStats(string processId, string name, int dayCount, StatsRows rows)
    {
        var days = rows.Days.Where(r => r.ProcessId == processId).ToList();
        var outcomes = days.Aggregate(RunOutcomeCounts.Zero, (a, r) => a.Add(r.Outcomes));
        var items = new WorkItemCounts(days.Sum(r => r.WorkItems.Total), days.Sum(r => r.WorkItems.FailedBusiness), days.Sum(r => r.WorkItems.FailedApplication));
        var durations = rows.Durations.Where(r => r.ProcessId == processId).ToList();
        var all = durations.GroupBy(r => r.Bin).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        var daily = Enumerable.Range(0, dayCount)
            .Select(i => DurationBins.Percentile(durations.Where(r => r.Day == i).ToDictionary(r => r.Bin, r => r.Count), 0.5))
            .ToList();
        return new ProcessRunStats(processId, name, outcomes, DurationBins.Percentile(all, 0.5), DurationBins.Percentile(all, 0.95), daily, items);
    }

    private async Task RequireReadRunsAsync(Caller caller, string workspaceId, CancellationToken ct)
    {
        var grant = await access.ResolveAsync(caller, workspaceId, ct);
        if (!grant.Has(Permissions.ReadRuns))
        {
            throw HangarException.Forbidden("missing_permission", $"This needs the permission '{Permissions.ReadRuns}'.");
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
