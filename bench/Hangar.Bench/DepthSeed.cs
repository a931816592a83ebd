using System.Data.Common;
using System.Globalization;

namespace Hangar.Bench;

/// <summary>
/// Grows a stopped server's database by copying one run that the server itself wrote (its run, step run and work
/// items): as a queued run (the step run waiting for a worker) or as a finished one, spread back over time. Copies are
/// made by one <c>INSERT … SELECT</c> per table over a number series, so a million runs take seconds, and every column
/// the server writes keeps the value and shape the server gave it; only ids, numbers, states and times are rewritten.
/// </summary>
internal sealed class DepthSeed(BenchDatabase database, string templateRunId)
{
    // Copy i's ids are the template's with the first eight hex digits replaced by i, so that a run, its step run and
    // its items keep pointing at each other. Starting past the template's own digits would not matter: a copy index
    // is never reused, so ids never collide.
    private int _nextCopy = 1;
    private bool _snapshotTaken;

    private static readonly (string Table, string RunColumn)[] Tables = [("process_runs", "id"), ("step_runs", "process_run_id"), ("work_items", "process_run_id")];

    /// <summary>Adds <paramref name="count"/> copies whose step run waits for a worker.</summary>
    public void AddQueued(int count) => Copy(count, finished: false);

    /// <summary>Adds <paramref name="count"/> completed copies, one a second back from the template's time.</summary>
    public void AddFinished(int count) => Copy(count, finished: true);

    /// <summary>Step runs waiting for a worker.</summary>
    public long Queued() => Scalar("SELECT COUNT(*) FROM step_runs WHERE state = 'AwaitingWorker'");

    /// <summary>Runs stored.</summary>
    public long Runs() => Scalar("SELECT COUNT(*) FROM process_runs");

    /// <summary>
    /// Ends the newest waiting step runs beyond <paramref name="keep"/>: the triggers measured before a claim depth
    /// leave thousands queued, more than the smallest depth.
    /// </summary>
    public void TrimQueued(long keep)
    {
        var excess = Queued() - keep;
        if (excess > 0)
        {
            Execute("UPDATE step_runs SET state = 'Completed', ended_at = created_at WHERE id IN (SELECT id FROM step_runs "
                    + $"WHERE state = 'AwaitingWorker' ORDER BY created_at DESC, id DESC LIMIT {excess})");
        }
    }

    /// <summary>Ends the step runs a measurement claimed, so that no lease lapses into the next measurement's queue.</summary>
    public void EndClaimed() => Execute("UPDATE step_runs SET state = 'Completed', ended_at = started_at, lease_expires_at = NULL WHERE state = 'InProgress'");

    private void Copy(int count, bool finished)
    {
        if (count <= 0)
        {
            return;
        }

        var first = _nextCopy;
        _nextCopy += count;
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        if (!_snapshotTaken)
        {
            // Copies are made from the template as it was when first copied (still queued): a later measurement may
            // claim the template itself.
            foreach (var (table, runColumn) in Tables)
            {
                Execute(connection, transaction, $"CREATE TABLE depth_{table} AS SELECT * FROM {table} WHERE {runColumn} = '{templateRunId}'");
            }

            _snapshotTaken = true;
        }

        var processId = Scalar(connection, transaction, "SELECT process_id FROM depth_process_runs")?.ToString()
                        ?? throw new BenchException($"depth: the template run {templateRunId} is not in the database");
        var runCount = Convert.ToInt64(Scalar(connection, transaction, $"SELECT run_count FROM processes WHERE id = '{processId}'"), CultureInfo.InvariantCulture);
        var pg = database.IsPostgres;
        string Id(string column) => pg
            ? $"lpad(to_hex(g.i), 8, '0') || substr(t.{column}, 9)"
            : $"printf('%08x', g.i) || substr(t.{column}, 9)";
        // Finished copies end one second apart, going back from the template's creation; they started a minute earlier.
        string Back(string column, int extraSeconds = 0) => pg
            ? $"t.{column} - make_interval(secs => (g.i - {first} + 1 + {extraSeconds}))"
            : $"t.{column} - (g.i - {first} + 1 + {extraSeconds}) * 10000000";
        var series = pg
            ? $"generate_series({first}, {first + count - 1}) AS g(i)"
            : $"(WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < {first + count - 1}) SELECT i FROM s) AS g";
        var runColumns = new Dictionary<string, string>
        {
            ["id"] = Id("id"),
            ["number"] = $"{runCount} + g.i - {first} + 1",
        };
        var stepColumns = new Dictionary<string, string> { ["id"] = Id("id"), ["process_run_id"] = Id("process_run_id") };
        var itemColumns = new Dictionary<string, string>
        {
            ["id"] = Id("id"),
            ["process_run_id"] = Id("process_run_id"),
            ["step_run_id"] = $"CASE WHEN t.step_run_id IS NULL THEN NULL ELSE {Id("step_run_id")} END",
            ["parent_id"] = $"CASE WHEN t.parent_id IS NULL THEN NULL ELSE {Id("parent_id")} END",
        };
        if (finished)
        {
            foreach (var columns in new[] { runColumns, stepColumns })
            {
                columns["state"] = "'Completed'";
                columns["created_at"] = Back("created_at", 60);
                columns["started_at"] = Back("created_at", 60);
                columns["state_updated_at"] = Back("created_at");
                columns["ended_at"] = Back("created_at");
            }

            stepColumns["lease_expires_at"] = "NULL";
            stepColumns["worker_id"] = "NULL";
            itemColumns["state"] = "'Done'";
            itemColumns["created_at"] = Back("created_at", 60);
            itemColumns["state_updated_at"] = Back("created_at");
        }

        CopyTable(connection, transaction, "process_runs", runColumns, series);
        CopyTable(connection, transaction, "step_runs", stepColumns, series);
        CopyTable(connection, transaction, "work_items", itemColumns, series);
        Execute(connection, transaction, $"UPDATE processes SET run_count = {runCount + count} WHERE id = '{processId}'");
        transaction.Commit();
        if (pg)
        {
            // A database that grew over months has its statistics; one grown in a second has not until autovacuum
            // gets to it, which it would do in the middle of the measurement.
            using var analyze = connection.CreateCommand();
            analyze.CommandText = "ANALYZE";
            analyze.CommandTimeout = 0;
            analyze.ExecuteNonQuery();
        }
    }

    private void CopyTable(DbConnection connection, DbTransaction transaction, string table, Dictionary<string, string> rewrite, string series)
    {
        var columns = Columns(connection, transaction, table);
        var values = columns.Select(c => rewrite.TryGetValue(c, out var expression) ? expression : "t." + c);
        Execute(connection, transaction,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM depth_{table} t CROSS JOIN {series}");
    }

    private List<string> Columns(DbConnection connection, DbTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = database.IsPostgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = current_schema() ORDER BY ordinal_position"
            : $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private long Scalar(string sql)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, sql);
        transaction.Commit();
    }

    private static object? Scalar(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}
