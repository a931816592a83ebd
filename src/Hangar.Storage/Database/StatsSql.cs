using System.Globalization;
using System.Text;
using Hangar.Core.Stats;

namespace Hangar.Storage.Database;

/// <summary>
/// The SQL that keeps the run statistics (<c>run_stats</c>, <c>run_stats_durations</c>, <c>run_stats_exceptions</c>)
/// and rebuilds them. Triggers on <c>process_runs</c> and <c>work_items</c> take a row's old contribution out and put
/// its new one in, inside the statement that changed the row: every way a run or an item ends (a worker's completion,
/// a stop, the watchdog, a retry, a manual "done") updates the numbers in its own transaction, and no path can forget
/// to. Deletes have no trigger: deleting runs (retention) leaves their history counted. On PostgreSQL each change is an
/// <c>INSERT … ON CONFLICT DO UPDATE</c> that adds to the row, so concurrent ends serialize on the row and none is lost.
/// <para>
/// A run counts once it is completed, unresolved or stopped with an end time, in the 15-minute UTC bucket of
/// <c>ended_at</c>; an unresolved run that never started (no <c>started_at</c>) counts as failed to start. A work item
/// counts once done or failed, in the bucket of <c>state_updated_at</c>.
/// </para>
/// <para>
/// This is today's SQL, for <c>hangar admin rebuild-stats</c> and for migrations still to come. A released migration
/// never calls it: it runs the SQL frozen beside it (<c>AddRunStats</c> runs <c>…_AddRunStats.sql</c>, see
/// <see cref="Migrations.FrozenMigrationSql"/>), so a change here leaves old migrations as they were. A change to the
/// triggers therefore needs a new migration that drops and recreates them (with its own frozen copy);
/// <c>MigratorTests</c> fails until it exists.
/// </para>
/// </summary>
internal static class StatsSql
{
    private const string RunCols = "workspace_id, process_id, bucket_start, completed, unresolved, stopped, failed_to_start, "
                                   + "items_total, items_failed_business, items_failed_application";

    private static readonly string[] Counters =
        ["completed", "unresolved", "stopped", "failed_to_start", "items_total", "items_failed_business", "items_failed_application"];

    private static readonly string[] TriggerNames =
        ["run_stats_after_run_update", "run_stats_after_item_insert", "run_stats_after_item_update"];

    /// <summary>The statements that create the triggers (one statement each).</summary>
    public static IReadOnlyList<string> CreateTriggers(bool postgres)
    {
        var d = new Dialect(postgres);
        var run = new[]
        {
            RunUpsert(d, "OLD", "-1"), DurationUpsert(d, "OLD", "-1"),
            RunUpsert(d, "NEW", "1"), DurationUpsert(d, "NEW", "1"),
        };
        var itemInsert = new[] { ItemUpsert(d, "NEW", "1"), ExceptionUpsert(d, "NEW", "1") };
        var itemUpdate = new[]
        {
            ItemUpsert(d, "OLD", "-1"), ExceptionUpsert(d, "OLD", "-1"),
            ItemUpsert(d, "NEW", "1"), ExceptionUpsert(d, "NEW", "1"),
        };
        var runWhen = d.Distinct("state") + " OR " + d.Distinct("started_at") + " OR " + d.Distinct("ended_at");
        var itemWhen = $"({ItemCounted("OLD")} OR {ItemCounted("NEW")}) AND ({d.Distinct("state")} OR {d.Distinct("state_updated_at")} OR "
                       + $"{d.Distinct("exception_type")} OR {d.Distinct("exception_code")})";
        return
        [
            .. d.Trigger(TriggerNames[0], "UPDATE OF state, started_at, ended_at ON process_runs", runWhen, run),
            .. d.Trigger(TriggerNames[1], "INSERT ON work_items", ItemCounted("NEW"), itemInsert),
            .. d.Trigger(TriggerNames[2], "UPDATE OF state, state_updated_at, exception_type, exception_code ON work_items", itemWhen, itemUpdate),
        ];
    }

    public static IReadOnlyList<string> DropTriggers(bool postgres) =>
        postgres
            ? [.. TriggerNames.Select(t => $"DROP TRIGGER IF EXISTS {t} ON {(t.Contains("_run_", StringComparison.Ordinal) ? "process_runs" : "work_items")}"),
                .. TriggerNames.Select(t => $"DROP FUNCTION IF EXISTS {t}()")]
            : [.. TriggerNames.Select(t => $"DROP TRIGGER IF EXISTS {t}")];

    /// <summary>
    /// The statements that recompute the aggregates from the runs and items stored: all of them, or one workspace's
    /// (then the statements take the parameter <c>@ws</c>). Run them in one transaction.
    /// </summary>
    public static IReadOnlyList<string> Rebuild(bool postgres, bool oneWorkspace)
    {
        var d = new Dialect(postgres);
        string Filter(string alias) => oneWorkspace ? $" AND {alias}.workspace_id = @ws" : string.Empty;
        var delete = oneWorkspace ? " WHERE workspace_id = @ws" : string.Empty;
        var runBucket = d.Bucket("r.ended_at");
        var itemBucket = d.Bucket("w.state_updated_at");
        return
        [
            "DELETE FROM run_stats_exceptions" + delete,
            "DELETE FROM run_stats_durations" + delete,
            "DELETE FROM run_stats" + delete,
            $"INSERT INTO run_stats ({RunCols}) SELECT r.workspace_id, r.process_id, {runBucket}, "
            + string.Join(", ", RunCounts("r", "1").Select(c => $"SUM({c})")) + ", 0, 0, 0 "
            + $"FROM process_runs r WHERE {RunCounted("r")}{Filter("r")} GROUP BY r.workspace_id, r.process_id, {runBucket}",
            $"INSERT INTO run_stats ({RunCols}) SELECT w.workspace_id, w.process_id, {itemBucket}, 0, 0, 0, 0, "
            + string.Join(", ", ItemCounts("w", "1").Select(c => $"SUM({c})")) + " "
            + $"FROM work_items w WHERE {ItemCounted("w")}{Filter("w")} GROUP BY w.workspace_id, w.process_id, {itemBucket} "
            + OnConflictAdd(),
            "INSERT INTO run_stats_durations (workspace_id, process_id, bucket_start, bin, count) "
            + $"SELECT r.workspace_id, r.process_id, {runBucket}, {Bin(d.DurationMs("r"))}, COUNT(*) FROM process_runs r "
            + $"WHERE {RunCounted("r")} AND r.started_at IS NOT NULL{Filter("r")} GROUP BY 1, 2, 3, 4",
            "INSERT INTO run_stats_exceptions (workspace_id, process_id, bucket_start, exception_type, exception_code, count) "
            + $"SELECT w.workspace_id, w.process_id, {itemBucket}, {ExceptionType("w")}, {ExceptionCode("w")}, COUNT(*) FROM work_items w "
            + $"WHERE w.state = 'Failed'{Filter("w")} GROUP BY 1, 2, 3, 4, 5",
        ];
    }

    private static string RunCounted(string r) => $"{r}.state IN ('Completed', 'Unresolved', 'Stopped') AND {r}.ended_at IS NOT NULL";

    private static string ItemCounted(string r) => $"{r}.state IN ('Done', 'Failed')";

    private static string[] RunCounts(string r, string sign) =>
    [
        $"CASE WHEN {r}.state = 'Completed' THEN {sign} ELSE 0 END",
        $"CASE WHEN {r}.state = 'Unresolved' AND {r}.started_at IS NOT NULL THEN {sign} ELSE 0 END",
        $"CASE WHEN {r}.state = 'Stopped' THEN {sign} ELSE 0 END",
        $"CASE WHEN {r}.state = 'Unresolved' AND {r}.started_at IS NULL THEN {sign} ELSE 0 END",
    ];

    private static string[] ItemCounts(string r, string sign) =>
    [
        sign,
        $"CASE WHEN {r}.state = 'Failed' AND {r}.exception_type = 'Business' THEN {sign} ELSE 0 END",
        $"CASE WHEN {r}.state = 'Failed' AND ({r}.exception_type IS NULL OR {r}.exception_type <> 'Business') THEN {sign} ELSE 0 END",
    ];

    private static string ExceptionType(string r) => $"COALESCE({r}.exception_type, 'Unspecified')";

    private static string ExceptionCode(string r) => $"COALESCE({r}.exception_code, '')";

    private static string RunUpsert(Dialect d, string r, string sign) =>
        $"INSERT INTO run_stats ({RunCols}) SELECT {r}.workspace_id, {r}.process_id, {d.Bucket(r + ".ended_at")}, "
        + string.Join(", ", RunCounts(r, sign)) + $", 0, 0, 0 WHERE {RunCounted(r)} " + OnConflictAdd();

    private static string ItemUpsert(Dialect d, string r, string sign) =>
        $"INSERT INTO run_stats ({RunCols}) SELECT {r}.workspace_id, {r}.process_id, {d.Bucket(r + ".state_updated_at")}, 0, 0, 0, 0, "
        + string.Join(", ", ItemCounts(r, sign)) + $" WHERE {ItemCounted(r)} " + OnConflictAdd();

    private static string DurationUpsert(Dialect d, string r, string sign) =>
        "INSERT INTO run_stats_durations (workspace_id, process_id, bucket_start, bin, count) "
        + $"SELECT {r}.workspace_id, {r}.process_id, {d.Bucket(r + ".ended_at")}, {Bin(d.DurationMs(r))}, {sign} "
        + $"WHERE {RunCounted(r)} AND {r}.started_at IS NOT NULL "
        + "ON CONFLICT (workspace_id, process_id, bucket_start, bin) DO UPDATE SET count = run_stats_durations.count + excluded.count";

    private static string ExceptionUpsert(Dialect d, string r, string sign) =>
        "INSERT INTO run_stats_exceptions (workspace_id, process_id, bucket_start, exception_type, exception_code, count) "
        + $"SELECT {r}.workspace_id, {r}.process_id, {d.Bucket(r + ".state_updated_at")}, {ExceptionType(r)}, {ExceptionCode(r)}, {sign} "
        + $"WHERE {r}.state = 'Failed' "
        + "ON CONFLICT (workspace_id, process_id, bucket_start, exception_type, exception_code) "
        + "DO UPDATE SET count = run_stats_exceptions.count + excluded.count";

    private static string OnConflictAdd() =>
        "ON CONFLICT (workspace_id, process_id, bucket_start) DO UPDATE SET "
        + string.Join(", ", Counters.Select(c => $"{c} = run_stats.{c} + excluded.{c}"));

    /// <summary>The <see cref="DurationBins"/> bin of a duration in ms, as a balanced CASE (seven comparisons).</summary>
    private static string Bin(string ms) => Bin(ms, 0, DurationBins.Count - 1);

    private static string Bin(string ms, int lo, int hi)
    {
        if (lo == hi)
        {
            return lo.ToString(CultureInfo.InvariantCulture);
        }

        var mid = (lo + hi) / 2;
        return $"CASE WHEN {ms} < {DurationBins.Upper[mid].ToString(CultureInfo.InvariantCulture)} THEN {Bin(ms, lo, mid)} ELSE {Bin(ms, mid + 1, hi)} END";
    }

    private sealed class Dialect(bool postgres)
    {
        /// <summary>The start of the 15-minute UTC bucket of a time column (ticks on SQLite, timestamptz on PostgreSQL).</summary>
        public string Bucket(string column) =>
            postgres ? $"to_timestamp(floor(extract(epoch from {column}) / 900) * 900)" : $"({column} - {column} % 9000000000)";

        public string DurationMs(string r) =>
            postgres
                ? $"floor(extract(epoch from ({r}.ended_at - {r}.started_at)) * 1000)"
                : $"(({r}.ended_at - {r}.started_at) / 10000)";

        public string Distinct(string column) =>
            postgres ? $"OLD.{column} IS DISTINCT FROM NEW.{column}" : $"OLD.{column} IS NOT NEW.{column}";

        public IEnumerable<string> Trigger(string name, string on, string when, IReadOnlyList<string> body)
        {
            if (!postgres)
            {
                var sqlite = new StringBuilder($"CREATE TRIGGER {name} AFTER {on} FOR EACH ROW WHEN {when} BEGIN\n");
                foreach (var statement in body)
                {
                    sqlite.Append("  ").Append(statement).Append(";\n");
                }

                yield return sqlite.Append("END").ToString();
                yield break;
            }

            var function = new StringBuilder($"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n");
            foreach (var statement in body)
            {
                function.Append("  ").Append(statement).Append(";\n");
            }

            yield return function.Append("  RETURN NULL;\nEND\n$$").ToString();
            yield return $"CREATE TRIGGER {name} AFTER {on} FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {name}()";
        }
    }
}
