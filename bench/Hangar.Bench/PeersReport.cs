using System.Globalization;
using System.Text;

namespace Hangar.Bench;

/// <summary>The peers benchmark's Markdown report: one table of measure | Hangar | Hangfire | ratio, the conditions of each part, and what differs.</summary>
internal static class PeersReport
{
    public static string Build(BenchOptions options, PeersSetup peers, IReadOnlyList<PeersDatabaseResult> databases, string loadBefore, TimeSpan took)
    {
        var poll = peers.PollMs > 0 ? $"{peers.PollMs} ms queue poll interval" : "its default queue poll interval (15 s)";
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# peers — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Machine: {Environment.ProcessorCount} logical processors, {CpuModel()}; load generator, servers, workers and robots all on it; load average (1, 5, 15 min) before the run: {loadBefore}, after: {RunsBenchmark.LoadAverage()}; the run took {took.TotalMinutes:0.0} min")
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Hangar: `hangar serve --no-worker` (SQLite in a fresh data directory, or a scratch PostgreSQL database); robots by an external `hangar worker start --concurrency {PeersSetup.Slots}` with `HANGAR_WORKER_ISOLATION=none`")
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Hangfire 1.8.25 (`bench/peers/hangfire`: Hangfire.Storage.SQLite 0.4.3, Hangfire.PostgreSql 1.21.1), {PeersSetup.Slots} workers, {poll}; with 0 workers (no Hangfire server) for the trigger part and to fill the drain's queue")
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Robot on both sides: `{peers.Python} task.py`, whose first line is `time.time()` at its start; payload: one 1 KB JSON object")
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Trigger: {options.Connections} connections, closed loop, the harness's own generator, {options.Warmup} s warm-up, {options.Seconds} s measured; first line: {PeersSetup.WarmupRuns} unmeasured then {peers.SequentialRuns} sequential runs; drain: {peers.DrainRuns} runs queued before the worker starts")
            .AppendLine(CultureInfo.InvariantCulture,
                $"- Order: sides alternate part by part; Hangar first on SQLite, Hangfire first on PostgreSQL. Every part starts on a fresh database.")
            .AppendLine()
            .AppendLine("| measure | Hangar | Hangfire | ratio (Hangar ÷ Hangfire) |")
            .AppendLine("|---|---:|---:|---|");
        foreach (var db in databases)
        {
            var (ht, ft, hd, fd) = (db.HangarTrigger, db.HangfireTrigger, db.HangarDispatch, db.HangfireDispatch);
            var d = db.Database;
            Row(report, $"{d} trigger, runs/s ({options.Connections} connections)", ht.PerSecond, ft.PerSecond, "0", higherIsBetter: true);
            Row(report, $"{d} trigger p50, ms", P(ht.Latencies, 50), P(ft.Latencies, 50), "0.0", higherIsBetter: false);
            Row(report, $"{d} trigger p99, ms", P(ht.Latencies, 99), P(ft.Latencies, 99), "0.0", higherIsBetter: false);
            Row(report, $"{d} server CPU per trigger, ms", ht.ServerCpuMsPerTrigger, ft.ServerCpuMsPerTrigger, "0.00", higherIsBetter: false);
            Row(report, $"{d} trigger → robot's first line, p50 ms (idle worker)", P(hd.FirstLine, 50), P(fd.FirstLine, 50), "0.0", higherIsBetter: false);
            Row(report, $"{d} trigger → robot's first line, p99 ms", P(hd.FirstLine, 99), P(fd.FirstLine, 99), "0.0", higherIsBetter: false);
            Row(report, $"{d} drain of {peers.DrainRuns:N0} queued runs, jobs/s (first robot start → last robot end)", hd.JobsPerSecond, fd.JobsPerSecond, "0.0",
                higherIsBetter: true);
            Row(report, $"{d} drain, seconds from the worker's launch", hd.LaunchSeconds, fd.LaunchSeconds, "0.0", higherIsBetter: false);
            Row(report, $"{d} drain, server + worker CPU per run, ms (robots excluded)", hd.CpuMsPerRun, fd.CpuMsPerRun, "0.0", higherIsBetter: false);
            Row(report, $"{d} drain, the robots' own CPU per run, ms (same robot)", hd.RobotCpuMsPerRun, fd.RobotCpuMsPerRun, "0.0", higherIsBetter: false);
            Row(report, $"{d} idle RSS, enqueue-only server, MiB", Mib(ht.Idle?.RssKiB), Mib(ft.Idle?.RssKiB), "0", higherIsBetter: false);
            Row(report, $"{d} RSS after the trigger load, MiB", Mib(ht.Loaded?.RssKiB), Mib(ft.Loaded?.RssKiB), "0", higherIsBetter: false);
            Row(report, $"{d} idle RSS, server + {PeersSetup.Slots}-slot worker, MiB", Mib(hd.IdleRssKiB), Mib(fd.IdleRssKiB), "0", higherIsBetter: false);
            Row(report, $"{d} peak RSS in the drain, server + worker, MiB", Mib(hd.PeakRssKiB), Mib(fd.PeakRssKiB), "0", higherIsBetter: false);
        }

        report.AppendLine().AppendLine("Checks: trigger errors (non-200 answers) and how the drained runs ended.").AppendLine()
            .AppendLine("| database | side | trigger errors | drain |").AppendLine("|---|---|---:|---|");
        foreach (var db in databases)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {db.Database} | Hangar | {db.HangarTrigger.Errors} | {db.HangarDispatch.States} |")
                .AppendLine(CultureInfo.InvariantCulture, $"| {db.Database} | Hangfire | {db.HangfireTrigger.Errors} | {db.HangfireDispatch.States} |");
        }

        report.AppendLine().AppendLine(
                "Conditions of each part: the 1-minute load average before it, and who used the machine's CPU during it (share of all cores): other processes (not this benchmark's; a build or test run of someone else, steal time), the PostgreSQL cluster (it serves the measured side, but it is shared and may serve others too), and the harness with every process it started.")
            .AppendLine().AppendLine("| database | part | side | load before | other processes | PostgreSQL | harness + its processes |")
            .AppendLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var db in databases)
        {
            Conditions(report, db.Database, "trigger", "Hangar", db.HangarTrigger.Conditions);
            Conditions(report, db.Database, "trigger", "Hangfire", db.HangfireTrigger.Conditions);
            Conditions(report, db.Database, "first line", "Hangar", db.HangarDispatch.Latency);
            Conditions(report, db.Database, "first line", "Hangfire", db.HangfireDispatch.Latency);
            Conditions(report, db.Database, "drain", "Hangar", db.HangarDispatch.Drain);
            Conditions(report, db.Database, "drain", "Hangfire", db.HangfireDispatch.Drain);
        }

        return report.AppendLine().AppendLine("""
            What is not equal between the sides:

            - Hangar does more per trigger: it authenticates a workspace API key, checks the caller's permission, writes a
              run, its input work item, a queued step run and events, and keeps a per-process run number; Hangfire's
              `POST /jobs` has no authentication and writes one job (with its state and queue rows).
            - Hangar's worker is a separate process that talks to the server over HTTP (claim, start, console lines,
              completion), and extracts the robot's package for each step run; Hangfire's workers are threads in the
              app, next to its storage, and start the command in a folder that is already there. Hangar's robot gets
              its payload through the work item API; Hangfire's job writes it to a file.
            - Hangar's "first line" goes through its console API (the robot's output streamed to the server); Hangfire's
              job keeps the robot's output and writes it to a result file.
            - Drain CPU: Hangar counts the server during the drain and the worker process over its whole life (start-up
              included); Hangfire counts the app over its whole life (start-up included). Robots are counted apart, as
              the worker's reaped children.
            - Hangfire polls its queue ({poll}); Hangar's worker waits on a long poll that the server answers when a run
              is queued.
            """.Replace("{poll}", poll, StringComparison.Ordinal)).ToString();
    }

    private static void Row(StringBuilder report, string measure, double hangar, double hangfire, string format, bool higherIsBetter)
    {
        var ratio = hangfire > 0 ? hangar / hangfire : double.NaN;
        var verdict = double.IsNaN(ratio) || Math.Abs(ratio - 1) < 0.005 ? "" : (ratio > 1) == higherIsBetter ? " (better)" : " (worse)";
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {measure} | {hangar.ToString(format, CultureInfo.InvariantCulture)} | {hangfire.ToString(format, CultureInfo.InvariantCulture)} | {(double.IsNaN(ratio) ? "n/a" : ratio.ToString("0.00", CultureInfo.InvariantCulture))}{verdict} |");
    }

    private static void Conditions(StringBuilder report, string database, string part, string side, PartConditions conditions) =>
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {database} | {part} | {side} | {conditions.LoadBefore.Split(' ')[0]} | {conditions.OtherShare} | {conditions.PostgresShare} | {conditions.OursShare} |");

    private static double P(LatencyHistogram latencies, double percentile) => latencies.Count == 0 ? double.NaN : latencies.Percentile(percentile) / 1e6;

    private static double Mib(long? kib) => kib is { } k ? k / 1024.0 : double.NaN;

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "CPU n/a";
        }
        catch (IOException)
        {
            return "CPU n/a";
        }
    }
}
