using System.Data.Common;
using System.Globalization;
using Hangar.Core.Retention;
using Hangar.Core.Storage;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using static Hangar.Storage.Database.SqlParameters;

namespace Hangar.Storage.Stores;

/// <summary>
/// Retention's writes take the write gate: on SQLite they queue with the hot paths (run starts, claims) instead of
/// colliding with them in SQLite's busy handler, and each is short, so a trigger waits for one batch at most.
/// </summary>
internal sealed class EfRetentionStore(HangarDbContext db, WriteGate writeGate, DatabaseSettings settings) : IRetentionStore
{
    private bool Postgres => settings.Provider == DatabaseProvider.Postgres;

    public async Task<IReadOnlyList<WorkspaceRetention>> ListRetentionsAsync(CancellationToken ct) =>
        await db.Workspaces.AsNoTracking().Where(w => w.RunRetentionDays != null).OrderBy(w => w.Id)
            .Select(w => new WorkspaceRetention(w.Id, w.RunRetentionDays!.Value)).ToListAsync(ct);

    public async Task<int> DeleteExpiredRunsAsync(string workspaceId, DateTimeOffset endedBefore, int max, DateTimeOffset now, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        // SQLite: BEGIN IMMEDIATE, so the runs chosen below cannot change before they are deleted.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var ids = await ExpiredRunIdsAsync(workspaceId, endedBefore, max, ct);
            if (ids.Count == 0)
            {
                return 0;
            }

            var deleted = await RunDeletion.DeleteAsync(db, ids, now, ct);
            await transaction.CommitAsync(ct);
            return deleted;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The workspace's finished runs that ended longest ago, through the (workspace_id, ended_at) index. On PostgreSQL
    /// they are locked until the batch commits and rows another sweep holds are skipped, so two nodes sweeping at once
    /// (a leader handing over) take different runs.
    /// </summary>
    private async Task<List<string>> ExpiredRunIdsAsync(string workspaceId, DateTimeOffset endedBefore, int max, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "SELECT id FROM process_runs WHERE workspace_id = @ws AND ended_at < @before "
                              + "AND state IN ('Completed', 'Unresolved', 'Stopped') ORDER BY ended_at LIMIT @max"
                              + (Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty);
        Add(command, "@ws", workspaceId);
        Add(command, "@before", Postgres ? endedBefore.ToUniversalTime() : endedBefore.UtcTicks);
        Add(command, "@max", max);
        var ids = new List<string>(max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<IReadOnlyList<BlobDeletion>> ListBlobDeletionsAsync(int max, CancellationToken ct) =>
        await db.BlobDeletions.AsNoTracking().OrderBy(d => d.Id).Take(max).ToListAsync(ct);

    public async Task ForgetBlobDeletionsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        using var turn = await writeGate.EnterAsync(ct);
        await db.BlobDeletions.Where(d => list.Contains(d.Id)).ExecuteDeleteAsync(ct);
    }

    public async Task<long> ReclaimSpaceAsync(int maxPages, CancellationToken ct)
    {
        if (Postgres)
        {
            return 0;
        }

        using var turn = await writeGate.EnterAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var before = await SqliteSpace.PragmaAsync(connection, "freelist_count", ct);
            if (before == 0)
            {
                return 0;
            }

            await using (var command = connection.CreateCommand())
            {
                // Does nothing on a database not (yet) switched to auto_vacuum=INCREMENTAL (see SqliteSpace).
                command.CommandText = $"PRAGMA incremental_vacuum({maxPages.ToString(CultureInfo.InvariantCulture)})";
                await command.ExecuteNonQueryAsync(ct);
            }

            return before - await SqliteSpace.PragmaAsync(connection, "freelist_count", ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public async Task<WorkspaceUsage> MeasureAsync(string workspaceId, CancellationToken ct)
    {
        // One round trip; every part is answered from an index that starts with workspace_id (the sizes included).
        const string sql = """
            SELECT
              (SELECT COUNT(*) FROM process_runs WHERE workspace_id = @ws),
              (SELECT COUNT(*) FROM step_runs WHERE workspace_id = @ws),
              (SELECT COUNT(*) FROM work_items WHERE workspace_id = @ws),
              (SELECT COUNT(*) FROM artifacts WHERE workspace_id = @ws),
              (SELECT COALESCE(SUM(size), 0) FROM artifacts WHERE workspace_id = @ws),
              (SELECT COUNT(*) FROM work_item_files WHERE workspace_id = @ws),
              (SELECT COALESCE(SUM(size), 0) FROM work_item_files WHERE workspace_id = @ws),
              (SELECT COUNT(*) FROM assets WHERE workspace_id = @ws AND blob_key IS NOT NULL),
              (SELECT COALESCE(SUM(size), 0) FROM assets WHERE workspace_id = @ws AND blob_key IS NOT NULL),
              (SELECT COUNT(*) FROM task_package_versions WHERE workspace_id = @ws),
              (SELECT COALESCE(SUM(size), 0) FROM task_package_versions WHERE workspace_id = @ws)
            """;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            Add(command, "@ws", workspaceId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            long At(int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            return new WorkspaceUsage(At(0), At(1), At(2), new StoredFiles(At(3), At(4)), new StoredFiles(At(5), At(6)),
                new StoredFiles(At(7), At(8)), new StoredFiles(At(9), At(10)));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
