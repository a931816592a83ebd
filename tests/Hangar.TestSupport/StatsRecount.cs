using Hangar.Core.Runs;
using Hangar.Core.Stats;
using Hangar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Hangar.TestSupport;

/// <summary>
/// The run statistics' aggregates of a workspace next to a recount from its runs and items, as comparable lines
/// ("process bucket what=count"), zero counts left out.
/// </summary>
public static class StatsRecount
{
    private static readonly TimeSpan Bucket = TimeSpan.FromMinutes(15);

    /// <summary>What the aggregates hold.</summary>
    public static async Task<IReadOnlyList<string>> StoredAsync(HangarDbContext db, string workspaceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var lines = new List<string>();
        foreach (var s in await db.RunStats.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(ct))
        {
            Add(lines, s.ProcessId, s.BucketStart, "completed", s.Completed);
            Add(lines, s.ProcessId, s.BucketStart, "unresolved", s.Unresolved);
            Add(lines, s.ProcessId, s.BucketStart, "stopped", s.Stopped);
            Add(lines, s.ProcessId, s.BucketStart, "failed_to_start", s.FailedToStart);
            Add(lines, s.ProcessId, s.BucketStart, "items", s.ItemsTotal);
            Add(lines, s.ProcessId, s.BucketStart, "failed_business", s.ItemsFailedBusiness);
            Add(lines, s.ProcessId, s.BucketStart, "failed_application", s.ItemsFailedApplication);
        }

        foreach (var d in await db.RunDurations.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(ct))
        {
            Add(lines, d.ProcessId, d.BucketStart, $"bin{d.Bin}", d.Count);
        }

        foreach (var e in await db.ItemExceptions.AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(ct))
        {
            Add(lines, e.ProcessId, e.BucketStart, $"{e.ExceptionType}:{e.ExceptionCode}", e.Count);
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>A recount from the runs and items stored now, with the classification the dashboard documents.</summary>
    public static async Task<IReadOnlyList<string>> RecountAsync(HangarDbContext db, string workspaceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var counts = new Dictionary<(string, DateTimeOffset, string), long>();
        void Count(string process, DateTimeOffset at, string what) =>
            counts[(process, Floor(at), what)] = counts.GetValueOrDefault((process, Floor(at), what)) + 1;

        var ended = new[] { ProcessRunState.Completed, ProcessRunState.Unresolved, ProcessRunState.Stopped };
        foreach (var run in await db.ProcessRuns.AsNoTracking().Where(r => r.WorkspaceId == workspaceId && r.EndedAt != null && ended.Contains(r.State))
                     .ToListAsync(ct))
        {
            var end = run.EndedAt!.Value;
            Count(run.ProcessId, end, StatsOutcomes.Of(run) switch
            {
                RunOutcome.Completed => "completed",
                RunOutcome.Unresolved => "unresolved",
                RunOutcome.Stopped => "stopped",
                _ => "failed_to_start",
            });
            if (run.StartedAt is { } started)
            {
                Count(run.ProcessId, end, $"bin{DurationBins.BinOf((long)Math.Floor((end - started).TotalMilliseconds))}");
            }
        }

        var settled = new[] { WorkItemState.Done, WorkItemState.Failed };
        foreach (var item in await db.WorkItems.AsNoTracking().Where(w => w.WorkspaceId == workspaceId && settled.Contains(w.State)).ToListAsync(ct))
        {
            Count(item.ProcessId, item.StateUpdatedAt, "items");
            if (item.State == WorkItemState.Failed)
            {
                Count(item.ProcessId, item.StateUpdatedAt, item.ExceptionType == WorkItemExceptionType.Business ? "failed_business" : "failed_application");
                Count(item.ProcessId, item.StateUpdatedAt, $"{item.ExceptionType ?? WorkItemExceptionType.Unspecified}:{item.ExceptionCode}");
            }
        }

        var lines = new List<string>();
        foreach (var ((process, bucket, what), count) in counts)
        {
            Add(lines, process, bucket, what, count);
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static DateTimeOffset Floor(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Bucket.Ticks), TimeSpan.Zero);

    private static void Add(List<string> lines, string process, DateTimeOffset bucket, string what, long count)
    {
        if (count != 0)
        {
            lines.Add($"{process} {bucket.UtcDateTime:O} {what}={count}");
        }
    }
}
