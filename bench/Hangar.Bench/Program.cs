using System.Runtime.InteropServices;

namespace Hangar.Bench;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (BenchException ex)
        {
            await Console.Error.WriteLineAsync($"hangar-bench: {ex.Message}{Environment.NewLine}{Environment.NewLine}{BenchOptions.Usage}");
            return 2;
        }

        if (options.Help || options.Benchmark.Length == 0)
        {
            Console.WriteLine(BenchOptions.Usage);
            return options.Help ? 0 : 2;
        }

        // Ctrl-C and SIGTERM cancel the run; the normal path then stops the server and deletes the data directory.
        // ProcessExit (and an unhandled exception) kill any child that is still running, as a last resort.
        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (!cancel.IsCancellationRequested)
            {
                Console.Error.WriteLine("hangar-bench: stopping…");
                cancel.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcesses.KillAll();
        AppDomain.CurrentDomain.UnhandledException += (_, _) => ChildProcesses.KillAll();

        try
        {
            switch (options.Benchmark)
            {
                case "auth-overhead":
                    return await AuthOverheadBenchmark.RunAsync(options, cancel.Token);
                case "trigger":
                    return await RunsBenchmark.TriggerAsync(options, cancel.Token);
                case "list-runs":
                    return await RunsBenchmark.ListRunsAsync(options, cancel.Token);
                case "dispatch":
                    return await DispatchBenchmark.RunAsync(options, cancel.Token);
                case "work-items":
                    return await WorkItemsBenchmark.RunAsync(options, cancel.Token);
                case "retention":
                    return await RetentionBenchmark.RunAsync(options, cancel.Token);
                case "cluster":
                    return await ClusterBenchmark.RunAsync(options, cancel.Token);
                case "observability":
                    return await ObservabilityBenchmark.RunAsync(options, cancel.Token);
                case "depth":
                    return await DepthBenchmark.RunAsync(options, cancel.Token);
                case "seed-stats":
                    return await StatsBenchmark.RunAsync(options, measure: false, cancel.Token);
                case "dashboard":
                    return await StatsBenchmark.RunAsync(options, measure: true, cancel.Token);
                case "peers":
                    return await PeersBenchmark.RunAsync(options, cancel.Token);
                default:
                    await Console.Error.WriteLineAsync($"hangar-bench: unknown benchmark '{options.Benchmark}'.{Environment.NewLine}{Environment.NewLine}{BenchOptions.Usage}");
                    return 2;
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("hangar-bench: cancelled.");
            return 130;
        }
        catch (BenchException ex)
        {
            await Console.Error.WriteLineAsync($"hangar-bench: {ex.Message}");
            return 1;
        }
        finally
        {
            ChildProcesses.KillAll();
        }
    }
}
