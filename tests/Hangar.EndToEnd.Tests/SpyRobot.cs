using System.Text.Json;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// A robot that tries to read what it must not: the files and folders it is given, the environment of every process it
/// can see, and its open file descriptors. It prints what it read (so a leak shows in its console) and always exits 0.
/// </summary>
internal static class SpyRobot
{
    // The system's Python itself: a version manager's shim (pyenv's) would add variables of its own.
    private const string Yaml = """
        tasks:
          Main:
            shell: /usr/bin/python3 spy.py
        artifactsDir: output
        """;

    private const string Script = """
        import glob, json, os

        print("UID %d" % os.getuid())
        print("ENV " + ",".join(sorted(os.environ)))
        for label, path in json.loads(open("targets.json").read()):
            try:
                if os.path.isdir(path):
                    content = " | ".join(sorted(os.listdir(path)))
                else:
                    with open(path, "rb") as f:
                        content = f.read(4096).decode("utf-8", "replace")
                print("READ %s: %s" % (label, content.replace("\n", " | ")))
            except Exception as e:
                print("DENIED %s (%s)" % (label, type(e).__name__))
        for environ in sorted(glob.glob("/proc/[0-9]*/environ")):
            try:
                with open(environ, "rb") as f:
                    data = f.read().decode("utf-8", "replace")
            except Exception:
                continue
            print("PROCENV %s %s" % (environ.split("/")[2], data.replace("\0", " ")))
        for fd in sorted(os.listdir("/proc/self/fd")):
            try:
                print("FD %s -> %s" % (fd, os.readlink("/proc/self/fd/" + fd)))
            except OSError:
                pass
        print("SPY DONE")
        """;

    /// <summary>The robot's zip, with the (label, path) pairs it tries to read.</summary>
    public static byte[] Zip(params (string Label, string Path)[] targets) =>
        RobotZips.Build(("robot.yaml", Yaml), ("spy.py", Script), ("targets.json", JsonSerializer.Serialize(targets.Select(t => new[] { t.Label, t.Path }))));

    /// <summary>
    /// The variables a robot may have: its PATH, HOME, TMPDIR, LANG and TZ, what the worker sets for Python and the
    /// robot (<c>ROBOT_*</c>, <c>PYTHON*</c>), the <c>RC_*</c> variables of its assignment, and PWD (its working
    /// folder, which the sandbox sets).
    /// </summary>
    public static bool IsAllowedVariable(string name) =>
        // TRACEPARENT is the run's W3C trace context (ids, no secret), passed so a robot can continue the run's trace.
        name is "PATH" or "HOME" or "TMPDIR" or "LANG" or "TZ" or "PWD" or "PYTHONUNBUFFERED" or "PYTHONPATH" or "ROBOT_ROOT" or "ROBOT_ARTIFACTS"
            or "TRACEPARENT"
        || name.StartsWith("RC_", StringComparison.Ordinal);
}
