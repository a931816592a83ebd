using System.ComponentModel;
using System.Diagnostics;
using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>Starts a robot's command in its root, streams its output, and ends it (with its whole process tree) on timeout or stop.</summary>
internal static class RobotProcess
{
    /// <param name="start">The robot's launcher, as <see cref="Isolation.RobotIsolation.StartInfo"/> builds it.</param>
    /// <param name="program">The robot's program, for the message when it cannot be started.</param>
    public static async Task<(int ExitCode, string? ErrorCode)> RunAsync(Assignment assignment, ProcessStartInfo start, string program,
        RunControl control, ConsoleStreamer console, TimeProvider time, CancellationToken ct)
    {
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new RobotSetupException("executable_not_found", $"'{program}' could not be started: {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = LineReader.ReadAsync(process.StandardOutput.BaseStream, line => console.Write("stdout", line), CancellationToken.None);
        var stderr = LineReader.ReadAsync(process.StandardError.BaseStream, line => console.Write("stderr", line), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(assignment.TimeoutSeconds), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, control.Kill.Token, ct);
        try
        {
            await process.WaitForExitAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited on its own in the meantime.
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        // A grandchild that escaped the kill could hold the pipes open; the output is not worth waiting on forever.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(5), time, CancellationToken.None));
        string? error = timeout.IsCancellationRequested ? "timeout"
            : control.StopRequested ? "stopped"
            : ct.IsCancellationRequested ? "worker_stopped"
            : null;
        return (process.ExitCode, error);
    }

    /// <summary>
    /// Finds the program as the child would: a path with '/' is relative to the robot root (not to the worker's own
    /// folder, as the runtime would take it); a bare name is looked up on the child's PATH (which holds only folders
    /// the robot can reach).
    /// </summary>
    public static string Resolve(string file, string robotRoot, string path)
    {
        if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(file))
        {
            var full = Path.GetFullPath(Path.Combine(robotRoot, file));
            return File.Exists(full) ? full : throw new RobotSetupException("executable_not_found", $"'{file}' does not exist in the robot.");
        }

        string[] extensions = OperatingSystem.IsWindows() ? [".exe", ".cmd", ".bat", string.Empty] : [string.Empty];
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory, file + extension);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                        || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                {
                    return candidate;
                }
            }
        }

        throw new RobotSetupException("executable_not_found", $"'{file}' was not found on the robot's PATH (robot.yaml PATH entries, then the worker's that the robot can reach).");
    }
}
