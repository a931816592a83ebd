using System.Data.Common;
using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using static Hangar.Storage.Database.SqlParameters;

namespace Hangar.Storage.Stores;

/// <summary>
/// The two writes a robot makes for every item, reserve and release, as one plain SQL statement each on the context's
/// connection (and in its transaction, when one is open). Through EF Core each was an expression to build, look up and
/// translate on every call, a good part of the request; the values are the ones EF Core writes (enum names, UTC ticks
/// on SQLite).
/// </summary>
internal static class WorkItemCommands
{
    private const string ReleaseSql = "UPDATE work_items SET state = @state, state_updated_at = @at, exception_type = @type, "
                                      + "exception_code = @code, exception_message = @message "
                                      + "WHERE id = @id AND state = 'InProgress' AND step_run_id = @step_run";

    /// <summary>
    /// UPDATE ... WHERE id = (oldest pending) RETURNING id. On PostgreSQL the inner SELECT locks the row with FOR UPDATE
    /// SKIP LOCKED, so concurrent reservations pass each other by instead of waiting or taking the same row; on SQLite
    /// the caller holds the write gate, so the statement runs alone.
    /// </summary>
    public static async Task<string?> ReserveNextAsync(HangarDbContext db, DatabaseProvider provider, StepRun stepRun, DateTimeOffset at,
        CancellationToken ct)
    {
        var postgres = provider == DatabaseProvider.Postgres;
        var lockClause = postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;
        var sql = "UPDATE work_items SET state = 'InProgress', step_run_id = @step_run, state_updated_at = @at "
                  + "WHERE state = 'Pending' AND id = (SELECT id FROM work_items "
                  + "WHERE process_run_id = @run AND step_id = @step AND state = 'Pending' "
                  + $"ORDER BY created_at, id LIMIT 1{lockClause}) RETURNING id";
        return await ExecuteAsync(db, sql, command =>
        {
            Add(command, "@step_run", stepRun.Id);
            Add(command, "@at", Time(provider, at));
            Add(command, "@run", stepRun.ProcessRunId);
            Add(command, "@step", stepRun.StepId);
        }, async command => await command.ExecuteScalarAsync(ct) as string, ct);
    }

    /// <summary>Ends the item if <paramref name="stepRunId"/> still holds it (in progress); true when it did.</summary>
    public static Task<bool> ReleaseAsync(HangarDbContext db, DatabaseProvider provider, string workItemId, string stepRunId, WorkItemRelease release,
        DateTimeOffset at, CancellationToken ct) =>
        ExecuteAsync(db, ReleaseSql, command =>
        {
            Add(command, "@state", release.State.ToString());
            Add(command, "@at", Time(provider, at));
            Add(command, "@type", release.ExceptionType?.ToString());
            Add(command, "@code", release.ExceptionCode);
            Add(command, "@message", release.ExceptionMessage);
            Add(command, "@id", workItemId);
            Add(command, "@step_run", stepRunId);
        }, async command => await command.ExecuteNonQueryAsync(ct) == 1, ct);

    private static async Task<T> ExecuteAsync<T>(HangarDbContext db, string sql, Action<DbCommand> parameters, Func<DbCommand, Task<T>> execute,
        CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            parameters(command);
            return await execute(command);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
