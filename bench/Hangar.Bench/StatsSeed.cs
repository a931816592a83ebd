using System.Data.Common;
using System.Globalization;

namespace Hangar.Bench;

/// <summary>
/// Grows a stopped server's database with ended runs for the dashboard: copies of one run the server wrote (and of its
/// work item), spread over a number of days and over copies of its process, mostly completed, some unresolved with a
/// failed item (business or application, a handful of codes), some stopped. One <c>INSERT … SELECT</c> per table over
/// a number series, as <see cref="DepthSeed"/> does; the aggregates are then filled by <c>hangar admin rebuild-stats</c>
/// (the server's own SQL), since runs inserted ended are not seen by the triggers that count ends.
/// </summary>
internal sealed class StatsSeed(BenchDatabase database, string templateRunId)
{
    public const int Processes = 10;

    public void Add(int runs, int days, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        var pg = database.IsPostgres;
        foreach (var (table, column) in new[] { ("process_runs", "id"), ("work_items", "process_run_id"), ("processes", "id") })
        {
            var where = table == "processes" ? $"id = (SELECT process_id FROM process_runs WHERE id = '{templateRunId}')" : $"{column} = '{templateRunId}'";
            Execute(connection, transaction, $"CREATE TABLE stats_{table} AS SELECT * FROM {table} WHERE {where}");
        }

        string Id(string column, string index) => pg ? $"lpad(to_hex({index}), 8, '0') || substr(t.{column}, 9)" : $"printf('%08x', {index}) || substr(t.{column}, 9)";
        string Series(long count) => pg
            ? $"generate_series(1, {count}) AS g(i)"
            : $"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) SELECT i FROM s) AS g";

        // Process copies 1..9 next to the original (copy k's id starts with k in hex, as DepthSeed's ids do).
        CopyTable(connection, transaction, "processes", new Dictionary<string, string>
        {
            ["id"] = Id("id", "g.i"),
            ["name"] = pg ? "t.name || ' ' || g.i" : "t.name || ' ' || g.i",
            ["run_count"] = "0",
        }, Series(Processes - 1));

        var span = (long)days * 86_400;
        var nowSeconds = now.ToUnixTimeSeconds();
        // Run i ends span * i / runs seconds ago, ran 30 s to 10 min; every 20th..: 17 and 18 unresolved, 19 stopped.
        var endSeconds = $"({nowSeconds} - (CAST({span} AS BIGINT) * g.i / {runs}))";
        string Time(string seconds) => pg ? $"to_timestamp({seconds})" : $"(({seconds}) * 10000000 + 621355968000000000)";
        var ended = Time(endSeconds);
        var started = Time($"{endSeconds} - 30 - (g.i % 570)");
        var process = $"CASE WHEN g.i % {Processes} = 0 THEN t.process_id ELSE {Id("process_id", $"g.i % {Processes}")} END";
        CopyTable(connection, transaction, "process_runs", new Dictionary<string, string>
        {
            ["id"] = Id("id", "g.i"),
            ["process_id"] = process,
            ["number"] = $"g.i + 1",
            ["state"] = "CASE g.i % 20 WHEN 17 THEN 'Unresolved' WHEN 18 THEN 'Unresolved' WHEN 19 THEN 'Stopped' ELSE 'Completed' END",
            ["created_at"] = started,
            ["started_at"] = started,
            ["state_updated_at"] = ended,
            ["ended_at"] = ended,
            ["current_step"] = "0",
        }, Series(runs));
        CopyTable(connection, transaction, "work_items", new Dictionary<string, string>
        {
            ["id"] = Id("id", "g.i"),
            ["process_id"] = process,
            ["process_run_id"] = Id("process_run_id", "g.i"),
            ["step_run_id"] = "NULL",
            ["parent_id"] = "NULL",
            ["state"] = "CASE WHEN g.i % 20 IN (17, 18) THEN 'Failed' ELSE 'Done' END",
            ["exception_type"] = "CASE g.i % 20 WHEN 17 THEN 'Business' WHEN 18 THEN 'Application' ELSE NULL END",
            ["exception_code"] = "CASE WHEN g.i % 20 IN (17, 18) THEN 'CODE_' || (g.i % 7) ELSE NULL END",
            ["exception_message"] = "NULL",
            ["created_at"] = started,
            ["state_updated_at"] = ended,
        }, Series(runs));
        foreach (var table in new[] { "process_runs", "work_items", "processes" })
        {
            Execute(connection, transaction, $"DROP TABLE stats_{table}");
        }

        Execute(connection, transaction, $"UPDATE processes SET run_count = {runs + 1} WHERE id IN (SELECT DISTINCT process_id FROM process_runs)");
        transaction.Commit();
        if (pg)
        {
            Execute(connection, null, "ANALYZE");
        }
    }

    private void CopyTable(DbConnection connection, DbTransaction transaction, string table, Dictionary<string, string> rewrite, string series)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = database.IsPostgres
            ? $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = current_schema() ORDER BY ordinal_position"
            : $"SELECT name FROM pragma_table_info('{table}')";
        var columns = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var values = columns.Select(c => rewrite.TryGetValue(c, out var expression) ? expression : "t." + c);
        Execute(connection, transaction,
            $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", values)} FROM stats_{table} t CROSS JOIN {series}");
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}
