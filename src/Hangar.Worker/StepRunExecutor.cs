using Hangar.Contracts.WorkerV1;
using Hangar.Core.Observability;
using Hangar.Worker.Isolation;

namespace Hangar.Worker;

/// <summary>
/// One assignment from claim to completion: package, robot.yaml, the robot's process, heartbeats, artifacts, the end.
/// Heartbeats go on until the server has heard how the step run ended, so its lease holds while the worker retries.
/// </summary>
/// <param name="robotsRoot">Where robots' folders go (<see cref="RobotIsolation.RobotsRoot"/>): each attempt's folder under <c>runs/</c>.</param>
internal sealed class StepRunExecutor(WorkerApi api, PackageCache packages, RobotIsolation isolation, string robotsRoot, OutcomeReporter reporter,
    TextWriter log, TimeProvider time, string workerId, RccOption rcc)
{
    private static readonly TimeSpan LongestUploadPause = TimeSpan.FromSeconds(10);
    private readonly string _runs = isolation.RunsDirectory(robotsRoot);

    /// <summary>Where step runs' folders go; what is in it at the worker's start was left by an earlier life.</summary>
    public string RunsDirectory => _runs;

    /// <summary>Where the claim-to-robot-start time is recorded; null records nothing.</summary>
    public HangarMetrics? Metrics { get; init; }

    /// <param name="assignment">The step run to execute.</param>
    /// <param name="slot">The worker slot running it (rcc gives each slot its own holotree space).</param>
    /// <param name="stop">The worker's stop: a robot still running when the drain is over is ended and its step run given back.</param>
    public async Task ExecuteAsync(Assignment assignment, int slot, WorkerStop stop)
    {
        var ct = stop.DrainOver;
        var claimedAt = time.GetUtcNow();
        // The robot's span in its run's trace, under the claim's; the robot gets it as TRACEPARENT to continue it.
        var serverTraceParent = assignment.Env.GetValueOrDefault("TRACEPARENT");
        using var span = HangarActivities.StartChild("hangar.robot", serverTraceParent);
        span?.SetTag(HangarActivities.RunId, assignment.ProcessRunId);
        span?.SetTag(HangarActivities.StepRunId, assignment.StepRunId);
        span?.SetTag(HangarActivities.WorkItemId, assignment.WorkItemId);
        var traceParent = HangarActivities.TraceParentOf(span) ?? serverTraceParent;
        RunFolder? folder = null;
        using var control = new RunControl();
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(assignment, control, heartbeatStop.Token);
        int exitCode;
        string? errorCode;
        string? errorMessage = null;
        await using (var console = new ConsoleStreamer(api, assignment.StepRunId, time))
        {
            console.Start(CancellationToken.None);
            try
            {
                folder = RunFolder.Create(_runs, assignment.StepRunId);
                var robotRoot = await packages.ExtractAsync(assignment.Package, folder.Robot, ct);
                var yaml = Path.Combine(robotRoot, "robot.yaml");
                RobotConfig config;
                try
                {
                    config = RobotConfig.Parse(await File.ReadAllTextAsync(yaml, ct));
                }
                catch (YamlDotNet.Core.YamlException ex)
                {
                    throw new RobotSetupException("robot_yaml_invalid", $"robot.yaml cannot be read: {ex.Message}");
                }

                var artifacts = Path.GetFullPath(Path.Combine(robotRoot, config.ArtifactsDir));
                if (artifacts != folder.Robot && !artifacts.StartsWith(folder.Robot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    // The worker uploads what is in there: a folder outside the robot's own would hand out the worker's files.
                    throw new RobotSetupException("robot_yaml_invalid", $"robot.yaml's artifactsDir '{config.ArtifactsDir}' lies outside the robot.");
                }

                Directory.CreateDirectory(artifacts);
                var (launch, viaRcc) = Launch(assignment, slot, folder, robotRoot, yaml, config, artifacts, traceParent);
                isolation.HandOver(folder);
                Metrics?.RobotStarted(time.GetUtcNow() - claimedAt);
                (exitCode, errorCode) = await RobotProcess.RunAsync(assignment, isolation.StartInfo(launch), launch.Executable, control, console, time, ct);
                span?.SetTag("process.exit.code", exitCode);
                if (viaRcc && errorCode is null)
                {
                    errorCode = RccCommand.ErrorCodeFor(exitCode);
                }

                await console.DisposeAsync();
                await UploadArtifactsAsync(assignment, artifacts, stop.GiveUp);
            }
            catch (RobotSetupException ex)
            {
                (exitCode, errorCode, errorMessage) = (-1, ex.Code, ex.Message);
                console.Write("stderr", $"hangar worker: {ex.Message}");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                (exitCode, errorCode, errorMessage) = (-1, WorkerStopped, "The worker was stopped before the robot ended.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or HttpRequestException)
            {
                // Anything else this side of the robot (disk full, unreadable zip): the step run fails now rather than at lease lapse.
                (exitCode, errorCode, errorMessage) = (-1, "worker_error", ex.Message);
                console.Write("stderr", $"hangar worker: {ex.Message}");
            }
        }

        // A robot the worker ended because it is stopping did not fail: its step run goes back to the queue.
        var release = errorCode == WorkerStopped;
        if (!control.Lost)
        {
            await reporter.ReportAsync(new StepRunOutcome(assignment.StepRunId, exitCode, errorCode, errorMessage, release), () => control.Lost, stop.GiveUp);
        }

        await heartbeatStop.CancelAsync();
        await heartbeat;
        await log.WriteLineAsync($"hangar worker: step run {assignment.StepRunId} ({assignment.ProcessName} #{assignment.RunNumber}) "
                                 + (release ? "was given back: the worker is stopping" : $"ended: exit {exitCode}{(errorCode is null ? string.Empty : $", {errorCode}")}")
                                 + (control.Lost ? " (lease lost)" : string.Empty));
        folder?.TryDelete();
    }

    private const string WorkerStopped = "worker_stopped";

    /// <summary>
    /// How the robot starts: its task's command, or rcc for a package that declares an environment (a plain script runs
    /// as it is, without waiting for a build); with the robot's own environment.
    /// </summary>
    private (RobotLaunch Launch, bool ViaRcc) Launch(Assignment assignment, int slot, RunFolder folder, string robotRoot, string yaml, RobotConfig config,
        string artifacts, string? traceParent)
    {
        var env = RobotEnvironment.Build(assignment, config, folder, robotRoot, artifacts, isolation);
        if (traceParent is not null)
        {
            // W3C's variable for a process's parent span: a robot using OpenTelemetry continues the run's trace.
            env["TRACEPARENT"] = traceParent;
        }
        var viaRcc = config.CondaConfigPath(robotRoot) is null ? null : rcc.Find();
        if (viaRcc is null)
        {
            var argv = config.CommandFor(assignment.Task, artifacts);
            return (new RobotLaunch(RobotProcess.Resolve(argv[0], robotRoot, env["PATH"]), argv.Skip(1).ToList(), robotRoot, env, folder), false);
        }

        config.RequireTask(assignment.Task);
        // rcc keeps its environments (holotree) in ROBOCORP_HOME: shared by this worker's robots, so each is built once.
        var holotree = Environment.GetEnvironmentVariable("ROBOCORP_HOME") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : isolation.SharedFolder(robotsRoot, "robocorp");
        env["ROBOCORP_HOME"] = holotree;
        log.WriteLine($"hangar worker: step run {assignment.StepRunId} runs task '{assignment.Task}' through {viaRcc}");
        var rccArgv = RccCommand.Argv(viaRcc, yaml, assignment.Task, RccCommand.Space(workerId, slot));
        return (new RobotLaunch(viaRcc, rccArgv.Skip(1).ToList(), robotRoot, env, folder) { ReadOnlyFiles = [viaRcc], WritableFolders = [holotree] }, true);
    }

    private async Task HeartbeatAsync(Assignment assignment, RunControl control, CancellationToken ct)
    {
        // A third of the lease, at most 10 s: two heartbeats may fail before the lease lapses.
        var lease = assignment.LeaseExpiresAt - time.GetUtcNow();
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(lease.TotalMilliseconds / 3, 100, 10_000));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    var beat = await api.HeartbeatAsync(assignment.StepRunId, ct);
                    if (beat is null)
                    {
                        await log.WriteLineAsync($"hangar worker: the server took step run {assignment.StepRunId} back (its lease lapsed); its robot is ended.");
                        control.Lost = true;
                        await control.Kill.CancelAsync();
                        return;
                    }

                    if (beat.Cancel && !control.StopRequested)
                    {
                        control.StopRequested = true;
                        await control.Kill.CancelAsync();
                    }
                }
                catch (HttpRequestException)
                {
                    // The next beat may get through before the lease lapses; the server decides when it has.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The step run ended.
        }
    }

    /// <summary>
    /// Uploads each file of the artifacts folder; one the server could not take (it is down a moment) is sent again with
    /// growing pauses until <paramref name="giveUp"/> (a second upload of a name replaces the first).
    /// </summary>
    private async Task UploadArtifactsAsync(Assignment assignment, string artifacts, CancellationToken giveUp)
    {
        var files = new ArtifactFiles(artifacts);
        foreach (var (name, path) in files.List())
        {
            var pause = TimeSpan.FromMilliseconds(500);
            for (var attempt = 1; ; attempt++)
            {
                await using var stream = files.Open(path);
                if (stream is null)
                {
                    await log.WriteLineAsync($"hangar worker: artifact '{name}' of step run {assignment.StepRunId} was skipped: it is not a file of the artifacts folder.");
                    break;
                }

                try
                {
                    await api.UploadArtifactAsync(assignment.StepRunId, name, stream, giveUp);
                    break;
                }
                catch (Exception ex) when ((ex is HttpRequestException { StatusCode: null or >= System.Net.HttpStatusCode.InternalServerError } or TaskCanceledException)
                                           && !giveUp.IsCancellationRequested && attempt < 30)
                {
                    try
                    {
                        await Task.Delay(pause, time, giveUp);
                    }
                    catch (OperationCanceledException)
                    {
                        // The worker is leaving: the next attempt reports it and moves on.
                    }

                    pause = pause * 2 < LongestUploadPause ? pause * 2 : LongestUploadPause;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    await log.WriteLineAsync($"hangar worker: artifact '{name}' of step run {assignment.StepRunId} was not uploaded: {ex.Message}");
                    break;
                }
            }
        }
    }
}
