using System.Data.Common;
using System.Globalization;
using System.Text;
using Hangar.Core.Runs;
using Hangar.Core.Stats;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using static Hangar.Storage.Database.SqlParameters;

namespace Hangar.Storage.Stores;

/// <summary>
/// Reads and rebuilds the run statistics' aggregates (see <see cref="StatsSql"/>). A read sums a workspace's 15-minute
/// buckets of the period per local day in the database, through the (workspace_id, bucket_start) indexes, so its cost
/// grows with the period and the number of processes, never with the number of runs stored.
/// </summary>
internal sealed class StatsAggregates(HangarDbContext db, WriteGate writeGate, DatabaseSettings settings)
{
    private bool Postgres => settings.Provider == DatabaseProvider.Postgres;

    public async Task<StatsRows> ReadAsync(string workspaceId, string? processId, IReadOnlyList<DateTimeOffset> dayStarts, int topExceptions,
        CancellationToken ct)
    {
        var day = DayIndex(dayStarts.Count - 1);
        var where = "WHERE workspace_id = @ws AND bucket_start >= @d0 AND bucket_start < @d" + (dayStarts.Count - 1).ToString(CultureInfo.InvariantCulture)
                    + (processId is null ? string.Empty : " AND process_id = @process");
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var days = new List<ProcessDayRow>();
            await using (var command = Query(
                             $"SELECT process_id, {day}, SUM(completed), SUM(unresolved), SUM(stopped), SUM(failed_to_start), SUM(items_total), "
                             + $"SUM(items_failed_business), SUM(items_failed_application) FROM run_stats {where} GROUP BY 1, 2",
                             workspaceId, processId, dayStarts))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    days.Add(new ProcessDayRow(reader.GetString(0), Int(reader, 1),
                        new RunOutcomeCounts(Long(reader, 2), Long(reader, 3), Long(reader, 4), Long(reader, 5)),
                        new WorkItemCounts(Long(reader, 6), Long(reader, 7), Long(reader, 8))));
                }
            }

            var durations = new List<ProcessDayDurationRow>();
            await using (var command = Query(
                             $"SELECT process_id, {day}, bin, SUM(count) FROM run_stats_durations {where} GROUP BY 1, 2, 3 HAVING SUM(count) > 0",
                             workspaceId, processId, dayStarts))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    durations.Add(new ProcessDayDurationRow(reader.GetString(0), Int(reader, 1), Int(reader, 2), Long(reader, 3)));
                }
            }

            var exceptions = new List<ExceptionCount>();
            await using (var command = Query(
                             $"SELECT exception_type, exception_code, SUM(count) FROM run_stats_exceptions {where} GROUP BY 1, 2 HAVING SUM(count) > 0 "
                             + "ORDER BY 3 DESC, 1, 2 LIMIT " + topExceptions.ToString(CultureInfo.InvariantCulture),
                             workspaceId, processId, dayStarts))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var type = Enum.TryParse<WorkItemExceptionType>(reader.GetString(0), out var parsed) ? parsed : WorkItemExceptionType.Unspecified;
                    var code = reader.GetString(1);
                    exceptions.Add(new ExceptionCount(type, code.Length == 0 ? null : code, Long(reader, 2)));
                }
            }

            return new StatsRows(days, durations, exceptions);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Recomputes the aggregates in one transaction. On PostgreSQL the aggregate tables are locked first, so run ends
    /// committing meanwhile wait and then add to the rebuilt numbers instead of being counted twice or lost.
    /// </summary>
    public async Task<long> RebuildAsync(string? workspaceId, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (Postgres)
            {
                await RunAsync("LOCK TABLE run_stats, run_stats_durations, run_stats_exceptions IN EXCLUSIVE MODE", workspaceId, transaction, ct);
            }

            foreach (var statement in StatsSql.Rebuild(Postgres, oneWorkspace: workspaceId is not null))
            {
                await RunAsync(statement, workspaceId, transaction, ct);
            }

            await using var command = Command(
                "SELECT COALESCE(SUM(completed + unresolved + stopped + failed_to_start), 0) FROM run_stats"
                + (workspaceId is null ? string.Empty : " WHERE workspace_id = @ws"), workspaceId, transaction);
            var runs = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            await transaction.CommitAsync(ct);
            return runs;
        });
    }

    private async Task RunAsync(string sql, string? workspaceId, IDbContextTransaction transaction, CancellationToken ct)
    {
        await using var command = Command(sql, workspaceId, transaction);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(string sql, string? workspaceId, IDbContextTransaction transaction)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        if (workspaceId is not null && sql.Contains("@ws", StringComparison.Ordinal))
        {
            Add(command, "@ws", workspaceId);
        }

        return command;
    }

    private DbCommand Query(string sql, string workspaceId, string? processId, IReadOnlyList<DateTimeOffset> dayStarts)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        Add(command, "@ws", workspaceId);
        if (processId is not null)
        {
            Add(command, "@process", processId);
        }

        for (var i = 0; i < dayStarts.Count; i++)
        {
            Add(command, "@d" + i.ToString(CultureInfo.InvariantCulture), Postgres ? dayStarts[i].ToUniversalTime() : dayStarts[i].UtcTicks);
        }

        return command;
    }

    /// <summary>Which day of the period a bucket falls in: day i is [@d{i}, @d{i+1}); the WHERE clause bounds the rest.</summary>
    private static string DayIndex(int days)
    {
        var sql = new StringBuilder("CASE");
        for (var i = 1; i < days; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" WHEN bucket_start < @d{i} THEN {i - 1}");
        }

        return sql.Append(CultureInfo.InvariantCulture, $" ELSE {days - 1} END").ToString();
    }

    private static long Long(DbDataReader reader, int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    private static int Int(DbDataReader reader, int i) => Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);
}
