using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// A robot that leaves a trace of every attempt: it appends its process run id to a marker file the test reads, so a
/// test can count how often a run's robot really ran. Its first attempt of a run sleeps for the given time; an attempt
/// of a run already in the marker (a retry after a worker loss or a give-back) ends at once. The tests that use it run
/// their workers without isolation (<c>HANGAR_WORKER_ISOLATION=none</c>): a sandboxed robot could not write the
/// test's file, which is the point of the sandbox, not of these tests.
/// </summary>
internal static class MarkerRobot
{
    public static byte[] Zip(string marker, double seconds) => RobotZips.Build(
        ("robot.yaml", """
            tasks:
              Main:
                shell: python3 robot.py
            artifactsDir: output
            """),
        ("robot.py", $$"""
            import os, time
            MARKER = {{System.Text.Json.JsonSerializer.Serialize(marker)}}
            run = os.environ["RC_PROCESS_RUN_ID"]
            again = os.path.exists(MARKER) and run in open(MARKER).read().split()
            with open(MARKER, "a") as f:
                f.write(run + "\n")
            print("again" if again else "started", flush=True)
            if not again:
                time.sleep({{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}})
            print("done", flush=True)
            """));

    /// <summary>How many attempts of each run the robot saw.</summary>
    public static Dictionary<string, int> Attempts(string marker) =>
        File.Exists(marker)
            ? File.ReadAllLines(marker).Where(l => l.Length > 0).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count())
            : [];
}
