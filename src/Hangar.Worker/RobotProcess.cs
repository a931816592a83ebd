using System.ComponentModel;
using System.Diagnostics;
using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>Starts a robot's command in its root, streams its output, and ends it (with its whole process tree) on timeout or stop.</summary>
internal static class RobotProcess
{
    public static async Task<(int ExitCode, string? ErrorCode)> RunAsync(Assignment assignment, string robotRoot, RobotConfig config,
        IReadOnlyList<string> argv, string artifacts, RunControl control, ConsoleStreamer console, TimeProvider time, CancellationToken ct)
    {
        var path = string.Join(Path.PathSeparator, config.Path.Select(p => Path.GetFullPath(Path.Combine(robotRoot, p)))
            .Append(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Where(p => p.Length > 0));
        var pythonPath = string.Join(Path.PathSeparator, config.PythonPath.Select(p => Path.GetFullPath(Path.Combine(robotRoot, p)))
            .Append(Environment.GetEnvironmentVariable("PYTHONPATH") ?? string.Empty).Where(p => p.Length > 0));
        var start = new ProcessStartInfo
        {
            FileName = Resolve(argv[0], robotRoot, path),
            WorkingDirectory = robotRoot,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = path;
        start.Environment["PYTHONPATH"] = pythonPath;
        start.Environment["ROBOT_ROOT"] = robotRoot;
        start.Environment["ROBOT_ARTIFACTS"] = artifacts;
        // Python buffers stdout when it is a pipe; unbuffered output reaches the console as the robot writes it.
        start.Environment["PYTHONUNBUFFERED"] = "1";
        foreach (var (name, value) in assignment.Env)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new RobotSetupException("executable_not_found", $"'{argv[0]}' could not be started: {ex.Message}");
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
    /// folder, as the runtime would take it); a bare name is looked up on the child's PATH.
    /// </summary>
    private static string Resolve(string file, string robotRoot, string path)
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

        throw new RobotSetupException("executable_not_found", $"'{file}' was not found on the PATH (robot.yaml PATH entries, then the worker's).");
    }
}
