using System.Net;
using Hangar.Worker.Isolation;

namespace Hangar.Worker;

/// <summary>
/// The worker's main loop: <see cref="Concurrency"/> slots, each long-polling for an assignment and running it. A failed
/// call waits a little and tries again; a credential the server no longer accepts stops the worker. A stop is graceful:
/// claims end at once, running robots get <see cref="DrainTime"/> to finish, and those still running then are ended
/// and their step runs given back to the queue (not failed).
/// </summary>
public sealed class WorkerHost(WorkerConfig config, string workDirectory, TextWriter log, TimeProvider time)
{
    public int Concurrency { get; init; } = 1;

    /// <summary>Where the claim-to-robot-start time is recorded (the server's, for the embedded worker); null records nothing.</summary>
    public Core.Observability.HangarMetrics? Metrics { get; init; }

    /// <summary>How long each claim waits on the server for work.</summary>
    public int ClaimWaitSeconds { get; init; } = 25;

    /// <summary>Whether packages with a conda.yaml run through rcc (<see cref="RccOption.Auto"/> by default).</summary>
    public RccOption Rcc { get; init; } = RccOption.Auto;

    /// <summary>What isolation robots get (<see cref="IsolationOption.Auto"/>: the best this machine offers).</summary>
    public IsolationOption Isolation { get; init; } = IsolationOption.Auto;

    /// <summary>How long a stop waits for running robots to finish (<c>--drain-seconds</c>, default 30 s).</summary>
    public TimeSpan DrainTime { get; init; } = DefaultDrainTime;

    public static readonly TimeSpan DefaultDrainTime = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Files and folders robots must never see besides the worker's own folder and the program's: the worker's
    /// credential file, and for the worker <c>hangar serve</c> embeds, the server's data directory.
    /// </summary>
    public IReadOnlyList<string> PrivatePaths { get; init; } = [];

    private RobotIsolation? _isolation;

    /// <summary>Makes the work folder and chooses the robots' isolation (once); <see cref="RunAsync"/> does it when not done before.</summary>
    /// <exception cref="IsolationUnavailableException">The required isolation is not available here.</exception>
    public async Task<RobotIsolation> PrepareAsync(CancellationToken ct)
    {
        if (_isolation is null)
        {
            ArgumentNullException.ThrowIfNull(config);
            CreatePrivateFolder(workDirectory);
            string[] privatePaths = [Path.GetFullPath(workDirectory), AppContext.BaseDirectory, .. PrivatePaths];
            _isolation = await RobotIsolation.ChooseAsync(Isolation, privatePaths, workDirectory, config.WorkerId, log, ct);
        }

        return _isolation;
    }

    /// <summary>
    /// Runs the slots until <paramref name="ct"/> asks the worker to stop, then drains: returns once every robot has
    /// finished or been ended and its end reported (or kept on disk for the next start).
    /// </summary>
    /// <exception cref="IsolationUnavailableException">The required isolation is not available here.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        var isolation = await PrepareAsync(ct);
        using var api = new WorkerApi(new Uri(config.Server), config.Credential);
        using var packages = new PackageCache(workDirectory);
        var reporter = new OutcomeReporter(api, new PendingOutcomes(workDirectory, config.WorkerId), log, time);
        var executor = new StepRunExecutor(api, packages, isolation, isolation.RobotsRoot(workDirectory, config.WorkerId), reporter, log, time,
            config.WorkerId, Rcc) { Metrics = Metrics };
        ClearLeftovers(executor.RunsDirectory);
        var running = 0;
        using var stop = new WorkerStop(DrainTime, time, () => log.WriteLine(
            $"hangar worker: stopping: no new claims; {Volatile.Read(ref running)} running robot(s) get up to {DrainTime.TotalSeconds:0} s to finish."), ct);
        await log.WriteLineAsync($"hangar worker: {config.WorkerId} serving {config.Server} with {Concurrency} slot(s); "
                                 + $"isolation: {isolation.Description}; rcc: {RccDescription()}");
        var leftovers = Task.Run(() => reporter.ReportLeftoversAsync(stop.GiveUp), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, Concurrency))
            .Select(slot => Task.Run(() => SlotAsync(api, executor, isolation.Level.WireName(), slot, stop, () => Interlocked.Increment(ref running),
                () => Interlocked.Decrement(ref running)), CancellationToken.None))
            .Append(leftovers));
    }

    /// <summary>
    /// Removes the step runs' folders an earlier life of this worker left (it was killed mid-run): their step runs are
    /// the server's to give out again, and each attempt starts from an empty folder anyway.
    /// </summary>
    private void ClearLeftovers(string runs)
    {
        foreach (var folder in Directory.EnumerateDirectories(runs))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.WriteLine($"hangar worker: could not remove the leftover folder {folder}: {ex.Message}");
            }
        }
    }

    private static void CreatePrivateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(folder, owner);
        // The package cache holds the workspace's robots: nobody else on the machine reads it.
        if ((File.GetUnixFileMode(folder) & ~owner) != 0)
        {
            File.SetUnixFileMode(folder, owner);
        }
    }

    private string RccDescription() => Rcc.Disabled ? "never"
        : Rcc.Find() is { } found ? $"{found} (for packages with a conda.yaml)"
        : "not found (packages run their command directly)";

    private async Task SlotAsync(WorkerApi api, StepRunExecutor executor, string isolation, int slot, WorkerStop stop, Action started, Action ended)
    {
        var ct = stop.Stopping;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var assignment = await api.ClaimAsync(ClaimWaitSeconds, isolation, ct);
                failures = 0;
                if (assignment is not null)
                {
                    started();
                    try
                    {
                        await executor.ExecuteAsync(assignment, slot, stop);
                    }
                    finally
                    {
                        ended();
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                await log.WriteLineAsync($"hangar worker: the server refused the worker credential ({ex.Message}); link the worker again.");
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                failures++;
                await log.WriteLineAsync($"hangar worker: {ex.Message}; retrying");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
