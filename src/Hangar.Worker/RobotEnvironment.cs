using Hangar.Contracts.WorkerV1;
using Hangar.Worker.Isolation;

namespace Hangar.Worker;

/// <summary>
/// A robot's whole environment, built from nothing: nothing of the worker's own environment (its credential, the
/// server's secrets when the worker is embedded in <c>hangar serve</c>) reaches it. It gets <c>PATH</c> (robot.yaml's
/// entries, then those of the worker's PATH it can reach), its own <c>HOME</c> and <c>TMPDIR</c>, <c>LANG</c> and
/// <c>TZ</c>, <c>ROBOT_ROOT</c>, <c>ROBOT_ARTIFACTS</c>, robot.yaml's <c>PYTHONPATH</c>, and the <c>RC_*</c> variables
/// of its assignment.
/// </summary>
internal static class RobotEnvironment
{
    public static Dictionary<string, string> Build(Assignment assignment, RobotConfig config, RunFolder folder, string robotRoot, string artifacts,
        RobotIsolation isolation)
    {
        var workerPath = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathFullyQualified)
            .Where(dir => isolation.CanSee(dir, folder));
        var path = config.Path.Select(p => Path.GetFullPath(Path.Combine(robotRoot, p))).Concat(workerPath).Distinct(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = string.Join(Path.PathSeparator, path),
            ["HOME"] = folder.Home,
            ["TMPDIR"] = isolation.TempDirectory(folder),
            ["LANG"] = Environment.GetEnvironmentVariable("LANG") is { Length: > 0 } lang ? lang : "C.UTF-8",
            ["ROBOT_ROOT"] = robotRoot,
            ["ROBOT_ARTIFACTS"] = artifacts,
            // Python buffers stdout when it is a pipe; unbuffered output reaches the console as the robot writes it.
            ["PYTHONUNBUFFERED"] = "1",
        };
        if (Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } zone)
        {
            env["TZ"] = zone;
        }

        if (config.PythonPath.Count > 0)
        {
            env["PYTHONPATH"] = string.Join(Path.PathSeparator, config.PythonPath.Select(p => Path.GetFullPath(Path.Combine(robotRoot, p))));
        }

        foreach (var (name, value) in assignment.Env)
        {
            // The server sends the RC_* variables; nothing else it might send is let through to the robot.
            if (name.StartsWith("RC_", StringComparison.Ordinal) || name.StartsWith("ROBOT_", StringComparison.Ordinal))
            {
                env[name] = value;
            }
        }

        return env;
    }
}
