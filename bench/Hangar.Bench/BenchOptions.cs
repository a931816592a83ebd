using System.Globalization;

namespace Hangar.Bench;

/// <summary>The command line: <c>&lt;benchmark&gt; [--hangar PATH] [--connections N] [--seconds N] [--warmup N] [--rounds N] [--results DIR] …</c>.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Hangar.Bench -- <benchmark> [options]

        Benchmarks:
          auth-overhead     What workspace API key authentication adds to a cheap GET (budget: at most 5 %).
          trigger           Runs started per second with a 1 KB payload (budget: >= 2,000/s, p99 <= 25 ms at 32 connections).
          list-runs         Pages of the run list with 1,000,000 runs stored (budget: p99 <= 20 ms).
          dispatch          Trigger -> robot process running, and overhead per run draining 2,000 runs through 8 slots
                            (while they are triggered, and from a queue filled before the worker starts).
          work-items        Items per second one robot takes through reserve -> payload -> output -> release (budget: >= 500/s).
                            On SQLite, or on PostgreSQL with --postgres.
          retention         Runs deleted per second by retention (100,000 seeded finished runs), and trigger latency meanwhile.
                            On SQLite, or on PostgreSQL with --postgres.
          cluster           Two nodes on PostgreSQL (--postgres) and S3 behind nginx, two workers, N runs triggered while
                            the leader is killed: runs/s, takeover time, worker losses, exactly-once and download checks.
          observability     What metrics (--metrics-urls, scraped) and traces (OTLP) cost a trigger: four servers (neither,
                            metrics, OTLP, both) loaded in turn, round by round (budget: at most 5 %). Give --warmup 30 or
                            more, so every side has compiled its code to the final tier before it is measured.
          depth             Whether costs grow with the data: a worker's claim with 10, 10,000 and 100,000 step runs waiting,
                            and the run list's first page and a trigger with 1,000 and 1,000,000 runs stored (goal: flat
                            within 20 %). On SQLite, or on PostgreSQL with --postgres.
          seed-stats        Grows a new install's database with --stats-runs ended runs over --days days (10 processes, some
                            unresolved with failed items, some stopped), fills the statistics with 'hangar admin rebuild-stats'
                            and keeps the data directory (--data-dir DIR) to serve and look at. SQLite only.
          dashboard         The same seeding, then GET of /stats/runs (14, 30 and 92 days), /stats/queue and the dashboard page
                            (--page), p50 and p95 over --requests requests each (budget: page p95 <= 150 ms at 1,000,000 runs).
                            On SQLite, or on PostgreSQL with --postgres.
          peers             Hangar side by side with Hangfire (bench/peers/hangfire) doing the same job: trigger runs/s and
                            p99, trigger -> robot's first line, drain of queued runs through 8 slots, memory, CPU per run.
                            On SQLite, and also on PostgreSQL with --postgres.

        Options:
          --hangar PATH       The server's hangar.dll. Default: src/Hangar.Cli/bin/Release/net10.0/hangar.dll,
                              then .../Debug/..., under the repository root (the folder holding Hangar.slnx,
                              found by walking up from the current directory).
          --connections N     Concurrent connections, one closed-loop worker each. Default 32.
          --seconds N         Measured seconds per request kind, split evenly over the rounds. Default 10.
          --warmup N          Unmeasured warm-up seconds per request kind, before the first round. Default 3.
          --rounds N          Rounds; every round runs each request kind once, in a rotated order. Default 3.
          --runs N            work-items: how many runs of 1,000 items the robot works through. Default 5.
          --old-runs N        retention: how many expired runs are seeded. Default 100,000.
          --postgres CONN     trigger, work-items, retention, depth: measure on PostgreSQL; cluster: required; peers: measure on
                              PostgreSQL too, in scratch databases hangar_peers_<random>. CONN reaches a cluster where a
                              scratch database hangar_bench_<random> is created (and dropped after the run).
          --s3-endpoint URL   cluster: the S3-compatible server for the bucket (credentials from AWS_ACCESS_KEY_ID and
                              AWS_SECRET_ACCESS_KEY, default S3RVER/S3RVER). Default: an s3rver started from .tools/s3rver
                              (./test.sh installs it there) on a free port with a temp folder.
          --cluster-runs N    cluster: how many acknowledged runs. Default 2,000.
          --hangfire PATH     peers: the Hangfire app. Default: bench/peers/hangfire/bin/Release/net10.0/hangfire-peer.dll.
          --hangfire-poll-ms N  peers: Hangfire's queue poll interval; 0 for its default (15 s). Default 100.
          --drain-runs N      peers: runs queued, then drained, per side and database. Default 2000.
          --stats-runs N      seed-stats, dashboard: ended runs to seed. Default 1,000,000.
          --days N            seed-stats, dashboard: days the runs are spread over, ending now. Default 90.
          --requests N        dashboard: measured requests per URL (after 20 unmeasured). Default 200.
          --page PATH         dashboard: the page measured; {ws} stands for the workspace id. Default /workspaces/{ws}.
          --data-dir DIR      seed-stats: where the install is made and kept. Default: a temporary folder, kept.
          --results DIR       Where the Markdown report is written. Default: bench/results under the repository root.
          -h, --help          This text.
        """;

    public string Benchmark { get; private set; } = "";

    public string? Hangar { get; private set; }

    public int Connections { get; private set; } = 32;

    public double Seconds { get; private set; } = 10;

    public double Warmup { get; private set; } = 3;

    public int Rounds { get; private set; } = 3;

    public string? ResultsDirectory { get; private set; }

    public int Runs { get; private set; } = 5;

    public int OldRuns { get; private set; } = 100_000;

    public string? Postgres { get; private set; }

    public string? S3Endpoint { get; private set; }

    public int ClusterRuns { get; private set; } = 2_000;
    public string? Hangfire { get; private set; }

    public int HangfirePollMs { get; private set; } = 100;

    public int DrainRuns { get; private set; } = 2000;

    public int StatsRuns { get; private set; } = 1_000_000;

    public int Days { get; private set; } = 90;

    public int Requests { get; private set; } = 200;

    public string Page { get; private set; } = "/workspaces/{ws}";

    public string? DataDirectory { get; private set; }

    public bool Help { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="BenchException"/> with a readable message on a mistake.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new BenchException($"{arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--hangar":
                    options.Hangar = Value();
                    break;
                case "--connections":
                    options.Connections = (int)Number(arg, Value(), 1, 4096);
                    break;
                case "--seconds":
                    options.Seconds = Number(arg, Value(), 0.1, 3600);
                    break;
                case "--warmup":
                    options.Warmup = Number(arg, Value(), 0, 3600);
                    break;
                case "--rounds":
                    options.Rounds = (int)Number(arg, Value(), 1, 100);
                    break;
                case "--runs":
                    options.Runs = (int)Number(arg, Value(), 1, 1000);
                    break;
                case "--old-runs":
                    options.OldRuns = (int)Number(arg, Value(), 100, 10_000_000);
                    break;
                case "--postgres":
                    options.Postgres = Value();
                    break;
                case "--stats-runs":
                    options.StatsRuns = (int)Number(arg, Value(), 1, 10_000_000);
                    break;
                case "--days":
                    options.Days = (int)Number(arg, Value(), 1, 3650);
                    break;
                case "--requests":
                    options.Requests = (int)Number(arg, Value(), 10, 100_000);
                    break;
                case "--page":
                    options.Page = Value();
                    break;
                case "--data-dir":
                    options.DataDirectory = Value();
                    break;
                case "--s3-endpoint":
                    options.S3Endpoint = Value();
                    break;
                case "--cluster-runs":
                    options.ClusterRuns = (int)Number(arg, Value(), 3, 1_000_000);
                    break;
                case "--hangfire":
                    options.Hangfire = Value();
                    break;
                case "--hangfire-poll-ms":
                    options.HangfirePollMs = (int)Number(arg, Value(), 0, 3_600_000);
                    break;
                case "--drain-runs":
                    options.DrainRuns = (int)Number(arg, Value(), 10, 100_000);
                    break;
                case "--results":
                    options.ResultsDirectory = Value();
                    break;
                default:
                    if (arg.StartsWith('-') || options.Benchmark.Length > 0)
                    {
                        throw new BenchException($"unexpected argument '{arg}'.");
                    }

                    options.Benchmark = arg;
                    break;
            }
        }

        return options;
    }

    private static double Number(string name, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BenchException($"{name} must be a number from {min} to {max}, not '{text}'.");
        }

        if ((name is "--connections" or "--rounds" or "--runs" or "--old-runs" or "--cluster-runs" or "--hangfire-poll-ms" or "--drain-runs") && value != Math.Floor(value))
        {
            throw new BenchException($"{name} must be a whole number, not '{text}'.");
        }

        return value;
    }
}
