using Hangar.Core.Observability;
using Hangar.Core.Runs;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>The metrics sampler's reads: small aggregates over indexed state columns, every few seconds on each node.</summary>
internal sealed class EfMetricsStore(HangarDbContext db) : IMetricsStore
{
    public async Task<IReadOnlyList<(string? WorkerGroupId, long Count, DateTimeOffset OldestQueuedAt)>> QueuedStepRunsAsync(CancellationToken ct)
    {
        var groups = await db.StepRuns.AsNoTracking()
            .Where(s => s.State == StepRunState.AwaitingWorker)
            .GroupBy(s => s.WorkerGroupId)
            .Select(g => new { Group = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        var result = new List<(string?, long, DateTimeOffset)>(groups.Count);
        foreach (var group in groups)
        {
            // The oldest one apart: SQLite keeps times as ticks, and Min over a converted column does not translate everywhere.
            var oldest = await db.StepRuns.AsNoTracking()
                .Where(s => s.State == StepRunState.AwaitingWorker && s.WorkerGroupId == group.Group)
                .OrderBy(s => s.Id)
                .Select(s => s.StateUpdatedAt)
                .FirstAsync(ct);
            result.Add((group.Group, group.Count, oldest));
        }

        return result;
    }

    public async Task<(long Online, long Busy, long Offline)> WorkerCountsAsync(DateTimeOffset seenSince, CancellationToken ct)
    {
        var online = await db.Workers.AsNoTracking().LongCountAsync(w => w.LastSeenAt != null && w.LastSeenAt >= seenSince, ct);
        var all = await db.Workers.AsNoTracking().LongCountAsync(ct);
        var busy = await db.StepRuns.AsNoTracking()
            .Where(s => s.State == StepRunState.InProgress && s.WorkerId != null)
            .Select(s => s.WorkerId).Distinct().LongCountAsync(ct);
        return (online, Math.Min(busy, online), all - online);
    }
}
