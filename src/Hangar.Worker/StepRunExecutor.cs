using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>One assignment from claim to completion: package, robot.yaml, the robot's process, heartbeats, artifacts, the end.</summary>
internal sealed class StepRunExecutor(WorkerApi api, PackageCache packages, string workDirectory, TextWriter log, TimeProvider time,
    string workerId, RccOption rcc)
{
    /// <param name="assignment">The step run to execute.</param>
    /// <param name="slot">The worker slot running it (rcc gives each slot its own holotree space).</param>
    /// <param name="ct">Cancellation: the worker stops.</param>
    public async Task ExecuteAsync(Assignment assignment, int slot, CancellationToken ct)
    {
        var folder = Path.Combine(workDirectory, "runs", assignment.StepRunId);
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
                var robotRoot = await packages.ExtractAsync(assignment.Package, folder, ct);
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
                Directory.CreateDirectory(artifacts);
                // rcc only for a package that declares an environment: a plain script runs as it is, without waiting for a build.
                var viaRcc = config.CondaConfigPath(robotRoot) is null ? null : rcc.Find();
                IReadOnlyList<string> argv;
                if (viaRcc is null)
                {
                    argv = config.CommandFor(assignment.Task, artifacts);
                }
                else
                {
                    config.RequireTask(assignment.Task);
                    argv = RccCommand.Argv(viaRcc, yaml, assignment.Task, RccCommand.Space(workerId, slot));
                    await log.WriteLineAsync($"hangar worker: step run {assignment.StepRunId} runs task '{assignment.Task}' through {viaRcc}");
                }

                (exitCode, errorCode) = await RobotProcess.RunAsync(assignment, robotRoot, config, argv, artifacts, control, console, time, ct);
                if (viaRcc is not null && errorCode is null)
                {
                    errorCode = RccCommand.ErrorCodeFor(exitCode);
                }

                await console.DisposeAsync();
                await UploadArtifactsAsync(assignment, artifacts, ct);
            }
            catch (RobotSetupException ex)
            {
                (exitCode, errorCode, errorMessage) = (-1, ex.Code, ex.Message);
                console.Write("stderr", $"hangar worker: {ex.Message}");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                (exitCode, errorCode, errorMessage) = (-1, "worker_stopped", "The worker was stopped before the robot ended.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or HttpRequestException)
            {
                // Anything else this side of the robot (disk full, unreadable zip): the step run fails now rather than at lease lapse.
                (exitCode, errorCode, errorMessage) = (-1, "worker_error", ex.Message);
                console.Write("stderr", $"hangar worker: {ex.Message}");
            }
        }

        await heartbeatStop.CancelAsync();
        await heartbeat;
        if (!control.Lost)
        {
            // Reported even while the worker shuts down: a short grace period of its own, rather than the lease lapsing.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await api.CompleteAsync(assignment.StepRunId, exitCode, errorCode, errorMessage, grace.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                await log.WriteLineAsync($"hangar worker: could not report the end of step run {assignment.StepRunId}: {ex.Message}");
            }
        }

        await log.WriteLineAsync($"hangar worker: step run {assignment.StepRunId} ({assignment.ProcessName} #{assignment.RunNumber}) ended: "
                                 + $"exit {exitCode}{(errorCode is null ? string.Empty : $", {errorCode}")}{(control.Lost ? " (lease lost)" : string.Empty)}");
        TryDelete(folder);
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

    private async Task UploadArtifactsAsync(Assignment assignment, string artifacts, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories))
        {
            if (new FileInfo(file).LinkTarget is not null)
            {
                continue;
            }

            var name = Path.GetRelativePath(artifacts, file).Replace('\\', '/');
            try
            {
                await api.UploadArtifactAsync(assignment.StepRunId, name, file, ct);
            }
            catch (HttpRequestException ex)
            {
                await log.WriteLineAsync($"hangar worker: artifact '{name}' of step run {assignment.StepRunId} was not uploaded: {ex.Message}");
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A robot's leftover (a file still open by a process that escaped the kill); the next start of the folder cleans it.
        }
    }
}
