using System.Diagnostics;

namespace Hangar.Bench;

/// <summary>
/// Hangar side by side with Hangfire (<c>bench/peers/hangfire</c>) doing the same job, on SQLite and, with
/// <c>--postgres</c>, on PostgreSQL: trigger throughput and latency (an enqueue-only server each), trigger → the
/// robot's first line over sequential runs, the drain of a filled queue through 8 slots, memory, and CPU per run. The
/// sides alternate part by part (the order swaps on the second database), so a machine that gets busier or quieter
/// during the run affects both alike.
/// </summary>
internal static class PeersBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var root = RepoPaths.FindRoot();
        var hangarDll = RepoPaths.FindHangarDll(options.Hangar, root);
        var hangfireDll = HangfirePeerProcess.FindDll(options.Hangfire, root);
        var resultsDir = Path.GetFullPath(options.ResultsDirectory ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "bench", "results"));
        // Hangfire starts its jobs' commands as they are; Hangar's worker would sandbox them where bubblewrap is installed.
        Environment.SetEnvironmentVariable("HANGAR_WORKER_ISOLATION", "none");
        var peers = new PeersSetup(options, await PythonAsync(ct));
        var hangar = new HangarPeerSide(hangarDll, peers);
        var hangfire = new HangfirePeerSide(hangfireDll, peers);
        var loadBefore = RunsBenchmark.LoadAverage();
        var started = Stopwatch.StartNew();

        var databases = new List<PeersDatabaseResult>();
        foreach (var (name, cluster) in new[] { ("SQLite", (string?)null), ("PostgreSQL", options.Postgres) })
        {
            if (name == "PostgreSQL" && cluster is null)
            {
                continue;
            }

            var hangarFirst = databases.Count % 2 == 0;
            Console.Error.WriteLine($"{name}: trigger, {options.Warmup} s warm-up + {options.Seconds} s at {options.Connections} connections, each side…");
            var (hangarTrigger, hangfireTrigger) = await BothAsync(hangarFirst, name, "trigger",
                () => hangar.TriggerAsync(cluster, ct), () => hangfire.TriggerAsync(cluster, ct));
            Console.Error.WriteLine($"{name}: {peers.SequentialRuns} sequential runs and a drain of {peers.DrainRuns}, each side…");
            var (hangarDispatch, hangfireDispatch) = await BothAsync(hangarFirst, name, "dispatch",
                () => hangar.DispatchAsync(cluster, ct), () => hangfire.DispatchAsync(cluster, ct));
            databases.Add(new PeersDatabaseResult(name, hangarTrigger, hangfireTrigger, hangarDispatch, hangfireDispatch));
        }

        var report = PeersReport.Build(options, peers, databases, loadBefore, started.Elapsed);
        return RunsBenchmark.Write(resultsDir, "peers", report);
    }

    private static async Task<(T Hangar, T Hangfire)> BothAsync<T>(bool hangarFirst, string database, string part, Func<Task<T>> hangar,
        Func<Task<T>> hangfire)
    {
        T first, second;
        Console.Error.WriteLine($"  {(hangarFirst ? "Hangar" : "Hangfire")} ({database} {part})…");
        first = hangarFirst ? await hangar() : await hangfire();
        Console.Error.WriteLine($"  {(hangarFirst ? "Hangfire" : "Hangar")} ({database} {part})…");
        second = hangarFirst ? await hangfire() : await hangar();
        return hangarFirst ? (first, second) : (second, first);
    }

    /// <summary>The real interpreter behind <c>python3</c> (pyenv and the like put a shell-script shim first on PATH).</summary>
    private static async Task<string> PythonAsync(CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("python3", ["-c", "import sys; print(sys.executable)"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            }) ?? throw new BenchException("could not start python3.");
            var path = (await process.StandardOutput.ReadToEndAsync(ct)).Trim();
            await process.WaitForExitAsync(ct);
            return process.ExitCode == 0 && File.Exists(path) ? path : throw new BenchException("python3 did not say where its interpreter is.");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BenchException("the peers benchmark needs python3 on PATH (the robot is python3 task.py).");
        }
    }
}
