using Hangar.Core.Observability;
using Hangar.Core.Runs;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>The metrics sampler's reads: small aggregates over indexed state columns, every few seconds on each node.</summary>
internal sealed class EfMetricsStore(HangarDbContext db) : IMetricsStore
{
    public async Task<IReadOnlyList<(string? WorkerGroupId, long Count, DateTimeOffset OldestQueuedAt)>> QueuedStepRunsAsync(CancellationToken ct)
    {
        // One pass over the waiting step runs for both numbers. Reading the oldest one apart, by id, sorted the whole
        // queue once more per worker group: at 200,000 waiting that was most of a second of CPU every 5 seconds.
        // SQL of its own because SQLite keeps times as ticks, and EF Core does not translate Min over a converted column.
        var postgres = db is PostgresHangarDbContext;
        var result = new List<(string?, long, DateTimeOffset)>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT worker_group_id, COUNT(*), MIN(state_updated_at) FROM step_runs WHERE state = 'AwaitingWorker' GROUP BY worker_group_id";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var oldest = postgres ? reader.GetFieldValue<DateTimeOffset>(2) : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero);
                result.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), oldest));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
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
