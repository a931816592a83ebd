using Hangar.Core.Runs;
using Hangar.Core.Stats;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>
/// The dashboard's reads: run numbers from the aggregates (<see cref="StatsAggregates"/>), the queue from the small live
/// tables (waiting step runs, workers, recent ends).
/// </summary>
internal sealed class EfStatsStore(HangarDbContext db, StatsAggregates aggregates) : IStatsStore
{
    private static readonly ProcessRunState[] Failed = [ProcessRunState.Unresolved, ProcessRunState.Stopped];

    public async Task<IReadOnlyDictionary<string, string>> ProcessNamesAsync(string workspaceId, CancellationToken ct) =>
        await db.Processes.AsNoTracking().Where(p => p.WorkspaceId == workspaceId).ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, ct);

    public async Task<IReadOnlyList<(string? WorkerGroupId, string? Name, long Count, DateTimeOffset OldestQueuedAt)>> WaitingStepRunsAsync(
        string workspaceId, CancellationToken ct)
    {
        var groups = await db.StepRuns.AsNoTracking()
            .Where(s => s.State == StepRunState.AwaitingWorker && s.WorkspaceId == workspaceId)
            .GroupBy(s => s.WorkerGroupId)
            .Select(g => new { Group = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        var ids = groups.Where(g => g.Group != null).Select(g => g.Group!).ToList();
        var names = await db.WorkerGroups.AsNoTracking().Where(g => g.WorkspaceId == workspaceId && ids.Contains(g.Id))
            .ToDictionaryAsync(g => g.Id, g => g.Name, ct);
        var result = new List<(string?, string?, long, DateTimeOffset)>(groups.Count);
        foreach (var group in groups)
        {
            // The oldest one through the (state, workspace_id, created_at) index; Min over a converted column does not translate everywhere.
            var oldest = await db.StepRuns.AsNoTracking()
                .Where(s => s.State == StepRunState.AwaitingWorker && s.WorkspaceId == workspaceId && s.WorkerGroupId == group.Group)
                .OrderBy(s => s.CreatedAt)
                .Select(s => s.StateUpdatedAt)
                .FirstAsync(ct);
            result.Add((group.Group, group.Group is null ? null : names.GetValueOrDefault(group.Group), group.Count, oldest));
        }

        return result;
    }

    public Task<long> RunsInProgressAsync(string workspaceId, CancellationToken ct) =>
        db.ProcessRuns.AsNoTracking().LongCountAsync(r => r.WorkspaceId == workspaceId && r.State == ProcessRunState.InProgress, ct);

    public async Task<WorkerCounts> WorkerCountsAsync(string workspaceId, DateTimeOffset seenSince, CancellationToken ct)
    {
        var workers = db.Workers.AsNoTracking().Where(w => w.WorkspaceId == workspaceId);
        var online = await workers.LongCountAsync(w => w.LastSeenAt != null && w.LastSeenAt >= seenSince, ct);
        var all = await workers.LongCountAsync(ct);
        var busy = await db.StepRuns.AsNoTracking()
            .Where(s => s.State == StepRunState.InProgress && s.WorkspaceId == workspaceId && s.WorkerId != null)
            .Select(s => s.WorkerId).Distinct().LongCountAsync(ct);
        return new WorkerCounts(online, Math.Min(busy, online), all - online);
    }

    public async Task<IReadOnlyList<RecentFailure>> RecentFailuresAsync(string workspaceId, int max, CancellationToken ct)
    {
        // Through the (workspace_id, ended_at) index, newest first; ended runs are mostly completed, so read a few more.
        var runs = await db.ProcessRuns.AsNoTracking()
            .Where(r => r.WorkspaceId == workspaceId && r.EndedAt != null && Failed.Contains(r.State))
            .OrderByDescending(r => r.EndedAt)
            .Take(max)
            .Join(db.Processes, r => r.ProcessId, p => p.Id, (r, p) => new { Run = r, ProcessName = p.Name })
            .ToListAsync(ct);
        var result = new List<RecentFailure>(runs.Count);
        foreach (var row in runs.OrderByDescending(r => r.Run.EndedAt))
        {
            var code = await db.StepRuns.AsNoTracking()
                .Where(s => s.ProcessRunId == row.Run.Id && s.State == StepRunState.Failed)
                .OrderByDescending(s => s.Number)
                .Select(s => s.ErrorCode)
                .FirstOrDefaultAsync(ct);
            result.Add(new RecentFailure(row.Run.Id, row.Run.ProcessId, row.ProcessName, row.Run.Number, StatsOutcomes.Of(row.Run), code, row.Run.EndedAt));
        }

        return result;
    }

    public Task<StatsRows> ReadAsync(string workspaceId, string? processId, IReadOnlyList<DateTimeOffset> dayStarts, int topExceptions,
        CancellationToken ct) => aggregates.ReadAsync(workspaceId, processId, dayStarts, topExceptions, ct);

    public Task<long> RebuildAsync(string? workspaceId, CancellationToken ct) => aggregates.RebuildAsync(workspaceId, ct);
}
