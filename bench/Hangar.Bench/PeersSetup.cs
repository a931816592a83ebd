namespace Hangar.Bench;

/// <summary>What both sides of the peers benchmark share: the robot, the payload and the sizes of each part.</summary>
internal sealed class PeersSetup
{
    /// <summary>Worker slots on both sides.</summary>
    public const int Slots = 8;

    /// <summary>Unmeasured sequential runs before the measured ones (JIT, first package extraction, connection pools).</summary>
    public const int WarmupRuns = 3;

    /// <summary>The robot: its first line is the time its process started.</summary>
    public const string TaskPy = "import time\nprint(time.time())\n";

    public PeersSetup(BenchOptions options, string python)
    {
        Python = python;
        Connections = options.Connections;
        Warmup = TimeSpan.FromSeconds(options.Warmup);
        Measured = TimeSpan.FromSeconds(options.Seconds);
        DrainRuns = options.DrainRuns;
        PollMs = options.HangfirePollMs;
        var data = new string('x', 1000);
        Payload = "{\"data\":\"" + data + "\"}";
        TriggerBody = "{\"type\":\"with_payloads\",\"payloads\":[" + Payload + "]}";
        RobotYaml = $"tasks:\n  Main:\n    command: [\"{python}\", \"task.py\"]\n";
    }

    /// <summary>The interpreter's own path (not a version manager's shim, which would add its start-up to every robot).</summary>
    public string Python { get; }

    public int Connections { get; }

    public TimeSpan Warmup { get; }

    public TimeSpan Measured { get; }

    public int SequentialRuns { get; } = 40;

    public int DrainRuns { get; }

    /// <summary>Hangfire's queue poll interval in ms; 0 for its default.</summary>
    public int PollMs { get; }

    /// <summary>The 1 KB JSON payload, as Hangfire's <c>POST /jobs</c> body.</summary>
    public string Payload { get; }

    /// <summary>The same payload in Hangar's start-run body (<c>with_payloads</c>, one payload).</summary>
    public string TriggerBody { get; }

    public string RobotYaml { get; }

    public static (string Name, string Content) RobotFile => ("task.py", TaskPy);

    public IReadOnlyList<string> RobotCommand => [Python, "task.py"];
}
