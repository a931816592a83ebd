using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hangar.Storage.Stores;

/// <summary>
/// Writes run starts (the runs, their new items and files, their queued step runs and events, the idempotency record)
/// as plain INSERTs on the context's connection, inside its current transaction, without the change tracker: a trigger
/// is the hottest write, and tracking and saving its rows through EF cost more CPU than the database's own work.
/// <list type="bullet">
/// <item>PostgreSQL: one multi-row INSERT per table for everything given, sent in one round trip (a batch) with the
/// dispatch <c>NOTIFY</c>.</item>
/// <item>SQLite: one prepared single-row INSERT per table, kept for the writer's life (a group commit's batch) and
/// run once per row: in process, a statement costs little once it is prepared, and the batch's triggers each write
/// under their own savepoint.</item>
/// </list>
/// The tables' rows keep their row triggers (run statistics) as with any INSERT.
/// </summary>
internal sealed class RunStartWriter(HangarDbContext db, DatabaseProvider provider, DispatchNotifier notifier) : IAsyncDisposable
{
    private static readonly ConditionalWeakTable<IModel, Tables> TablesByModel = new();
    private readonly bool _postgres = provider == DatabaseProvider.Postgres;
    private readonly Tables _tables = TablesByModel.GetValue(db.Model, m => new Tables(m, provider == DatabaseProvider.Postgres));
    private readonly Dictionary<object, DbCommand> _prepared = [];
    private DbCommand? _numbering;

    private DbConnection Connection => db.Database.GetDbConnection();

    private DbTransaction Transaction => db.Database.CurrentTransaction?.GetDbTransaction()
                                         ?? throw new InvalidOperationException("Run starts are written inside a transaction.");

    /// <summary>
    /// Reserves <paramref name="count"/> run numbers of the process in one statement (UPDATE ... RETURNING): the update
    /// locks the process row until commit, so numbers never repeat. Returns the last number reserved.
    /// </summary>
    public async Task<long> ReserveRunNumbersAsync(string processId, int count, CancellationToken ct)
    {
        const string sql = "UPDATE processes SET run_count = run_count + @count WHERE id = @id RETURNING run_count";
        if (!_postgres)
        {
            _numbering = await PreparedAsync(sql, () => sql, ct);
        }
        else if (_numbering is null)
        {
            // Sent unprepared: a PostgreSQL writer lives for one batch, and preparing would cost a round trip.
            _numbering = Connection.CreateCommand();
            _numbering.CommandText = "UPDATE processes SET run_count = run_count + $1 WHERE id = $2 RETURNING run_count";
        }

        _numbering.Transaction = Transaction;
        _numbering.Parameters.Clear();
        Add(_numbering, "@count", (long)count);
        Add(_numbering, "@id", processId);
        var result = await _numbering.ExecuteScalarAsync(ct);
        return result is null or DBNull ? throw HangarException.NotFound("The process") : Convert.ToInt64(result, CultureInfo.InvariantCulture);
    }

    /// <summary>Inserts the rows of <paramref name="starts"/>; <paramref name="notify"/>: tell the other nodes step runs were queued.</summary>
    public Task InsertAsync(IReadOnlyList<(IReadOnlyList<RunPlan> Plans, IdempotencyRecord? Idempotency)> starts, bool notify, CancellationToken ct)
    {
        var runs = new List<object>();
        var items = new List<object>();
        var files = new List<object>();
        var stepRuns = new List<object>();
        var events = new List<object>();
        var idempotency = new List<object>();
        foreach (var (plans, record) in starts)
        {
            foreach (var plan in plans)
            {
                runs.Add(plan.Run);
                items.AddRange(plan.NewItems);
                if (plan.NewFiles is { Count: > 0 } newFiles)
                {
                    files.AddRange(newFiles);
                }

                stepRuns.AddRange(plan.StepRuns);
                events.AddRange(plan.Events);
            }

            if (record is not null)
            {
                idempotency.Add(record);
            }
        }

        // In the order of the foreign keys: a row's parent is written before it.
        (RunStartTable Table, List<object> Rows)[] writes =
        [
            (_tables.Runs, runs), (_tables.Items, items), (_tables.Files, files), (_tables.StepRuns, stepRuns), (_tables.Events, events),
            (_tables.Idempotency, idempotency),
        ];
        return _postgres ? InsertBatchAsync(writes, notify, ct) : InsertPreparedAsync(writes, ct);
    }

    private async Task InsertBatchAsync((RunStartTable Table, List<object> Rows)[] writes, bool notify, CancellationToken ct)
    {
        await using var factory = Connection.CreateCommand();
        await using var batch = Connection.CreateBatch();
        batch.Transaction = Transaction;
        foreach (var (table, rows) in writes)
        {
            var perStatement = table.RowsPerStatement(rows.Count);
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                var command = batch.CreateBatchCommand();
                command.CommandText = table.InsertSql(count);
                for (var r = start; r < start + count; r++)
                {
                    table.AddRow(factory, command.Parameters, rows[r]);
                }

                batch.BatchCommands.Add(command);
            }
        }

        if (notify)
        {
            // Delivered when (and only if) the transaction commits, as DispatchNotifier's own notification is.
            var command = batch.CreateBatchCommand();
            command.CommandText = "SELECT pg_notify($1, $2)";
            command.Parameters.Add(Parameter(factory, DispatchNotifier.Channel));
            command.Parameters.Add(Parameter(factory, notifier.NodeId));
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    private async Task InsertPreparedAsync((RunStartTable Table, List<object> Rows)[] writes, CancellationToken ct)
    {
        foreach (var (table, rows) in writes)
        {
            if (rows.Count == 0)
            {
                continue;
            }

            var command = await PreparedAsync(table, () => table.InsertSql(1), ct);
            foreach (var row in rows)
            {
                // New parameter objects, as SaveChanges makes them; the statement itself stays prepared.
                command.Parameters.Clear();
                table.AddRow(command, command.Parameters, row);
                await command.ExecuteNonQueryAsync(ct);
            }
        }
    }

    /// <summary>
    /// SQLite: opens a savepoint for one trigger of a group commit, so that a refused trigger is undone alone
    /// (prepared once per writer, as the INSERTs are, rather than once per trigger).
    /// </summary>
    public async Task SavepointAsync(CancellationToken ct) =>
        await (await PreparedAsync(SavepointSql.Open, () => SavepointSql.Open, ct)).ExecuteNonQueryAsync(ct);

    /// <summary>SQLite: keeps what the trigger wrote since <see cref="SavepointAsync"/>.</summary>
    public async Task ReleaseSavepointAsync(CancellationToken ct) =>
        await (await PreparedAsync(SavepointSql.Release, () => SavepointSql.Release, ct)).ExecuteNonQueryAsync(ct);

    /// <summary>SQLite: undoes what the trigger wrote since <see cref="SavepointAsync"/>; the transaction goes on.</summary>
    public async Task RollbackToSavepointAsync(CancellationToken ct)
    {
        await (await PreparedAsync(SavepointSql.RollBack, () => SavepointSql.RollBack, ct)).ExecuteNonQueryAsync(ct);
        await (await PreparedAsync(SavepointSql.Release, () => SavepointSql.Release, ct)).ExecuteNonQueryAsync(ct);
    }

    /// <summary>A command prepared on first use and kept for the writer's life (SQLite).</summary>
    private async Task<DbCommand> PreparedAsync(object key, Func<string> sql, CancellationToken ct)
    {
        if (!_prepared.TryGetValue(key, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql();
            command.Transaction = Transaction;
            // Explicitly: Microsoft.Data.Sqlite then keeps the statement for every execution of the command.
            await command.PrepareAsync(ct);
            _prepared[key] = command;
        }

        command.Transaction = Transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _prepared.Values)
        {
            await command.DisposeAsync();
        }

        _prepared.Clear();
        if (_postgres && _numbering is not null)
        {
            await _numbering.DisposeAsync();
        }
    }

    private void Add(DbCommand command, string name, object value)
    {
        var parameter = Parameter(command, value);
        if (!_postgres)
        {
            parameter.ParameterName = name;
        }

        command.Parameters.Add(parameter);
    }

    private static DbParameter Parameter(DbCommand factory, object value)
    {
        var parameter = factory.CreateParameter();
        parameter.Value = value;
        return parameter;
    }

    private static class SavepointSql
    {
        public const string Open = "SAVEPOINT run_start";
        public const string Release = "RELEASE run_start";
        public const string RollBack = "ROLLBACK TO run_start";
    }

    /// <summary>The tables a run start writes, read once per model.</summary>
    private sealed class Tables(IModel model, bool positional)
    {
        public RunStartTable Runs { get; } = RunStartTable.For<ProcessRun>(model, positional);
        public RunStartTable Items { get; } = RunStartTable.For<WorkItem>(model, positional);
        public RunStartTable Files { get; } = RunStartTable.For<WorkItemFile>(model, positional);
        public RunStartTable StepRuns { get; } = RunStartTable.For<StepRun>(model, positional);
        public RunStartTable Events { get; } = RunStartTable.For<StepRunEvent>(model, positional);
        public RunStartTable Idempotency { get; } = RunStartTable.For<IdempotencyRecord>(model, positional);
    }
}
