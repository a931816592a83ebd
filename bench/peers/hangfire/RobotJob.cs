using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Hangfire.Server;

namespace Hangar.Peers.Hangfire;

/// <summary>
/// The job: what a Hangar worker slot does for a run, without the control room around it. Writes the payload to a
/// file, starts the robot command in the robot folder with a clean environment holding a few <c>RC_*</c> variables
/// (as Hangar's worker gives its robots), reads its standard output and waits for it to exit, then writes a result
/// file the harness reads (when the robot started and ended, its exit code and its first line).
/// </summary>
internal sealed class RobotJob(PeerOptions options)
{
    // Hangar does not retry a failed run either.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string payload, PerformContext? context, CancellationToken ct)
    {
        var id = context?.BackgroundJob.Id ?? Guid.NewGuid().ToString("N");
        var payloadFile = Path.Combine(options.PayloadDirectory, id + ".json");
        await File.WriteAllTextAsync(payloadFile, payload, ct);
        var info = new ProcessStartInfo(options.Robot[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.RobotDirectory,
        };
        foreach (var argument in options.Robot.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        // Built from nothing, as Hangar's worker builds a robot's environment.
        info.Environment.Clear();
        info.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        info.Environment["HOME"] = options.RobotDirectory;
        info.Environment["TMPDIR"] = Path.GetTempPath();
        info.Environment["LANG"] = "C.UTF-8";
        info.Environment["PYTHONUNBUFFERED"] = "1";
        info.Environment["RC_WORKSPACE_ID"] = "hangfire-peer";
        info.Environment["RC_PROCESS_ID"] = "robot";
        info.Environment["RC_PROCESS_RUN_ID"] = id;
        info.Environment["RC_ACTIVITY_RUN_ID"] = id;
        info.Environment["RC_WORKITEM_PAYLOAD_FILE"] = payloadFile;

        var started = DateTimeOffset.UtcNow;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {options.Robot[0]}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = await stdout;
        await stderr;
        var ended = DateTimeOffset.UtcNow;
        File.Delete(payloadFile);

        var result = new JobResult(id, UnixSeconds(started), UnixSeconds(ended), process.ExitCode,
            output.Split('\n', 2)[0].Trim());
        var file = Path.Combine(options.ResultDirectory, id + ".json");
        // Written aside and moved, so that a reader never sees half a file.
        await File.WriteAllBytesAsync(file + ".tmp", JsonSerializer.SerializeToUtf8Bytes(result, PeerJson.Default.JobResult), ct);
        File.Move(file + ".tmp", file, overwrite: true);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the robot exited with {process.ExitCode}.");
        }
    }

    private static double UnixSeconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;
}
