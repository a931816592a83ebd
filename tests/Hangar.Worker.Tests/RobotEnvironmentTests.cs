using Hangar.Contracts.WorkerV1;
using Hangar.TestSupport;
using Hangar.Worker.Isolation;

namespace Hangar.Worker.Tests;

public sealed class RobotEnvironmentTests : IDisposable
{
    private readonly string _runs = TempDirectory.Create("hangar-robot-env");

    public void Dispose() => TempDirectory.TryDelete(_runs);

    [Fact]
    public void Build_StartsFromNothing_SoTheWorkersOwnVariablesNeverReachTheRobot()
    {
        Environment.SetEnvironmentVariable("HANGAR_WORKER_TEST_SECRET", "s3cret");
        try
        {
            var folder = RunFolder.Create(_runs, "step-run");
            var config = RobotConfig.Parse("tasks:\n  Main:\n    shell: true\nPATH: [bin]\nPYTHONPATH: [libraries]\n");
            var env = RobotEnvironment.Build(Assignment(new() { ["RC_WORKSPACE_ID"] = "ws", ["LD_PRELOAD"] = "/evil.so" }), config, folder, folder.Robot,
                Path.Combine(folder.Robot, "output"), RobotIsolation.EnvironmentOnly);

            Assert.DoesNotContain("HANGAR_WORKER_TEST_SECRET", env.Keys);
            // Only RC_* and ROBOT_* variables of the assignment pass.
            Assert.DoesNotContain("LD_PRELOAD", env.Keys);
            Assert.Equal("ws", env["RC_WORKSPACE_ID"]);
            Assert.Equal(folder.Home, env["HOME"]);
            Assert.Equal(folder.Temp, env["TMPDIR"]);
            Assert.Equal(Path.Combine(folder.Robot, "bin"), env["PATH"].Split(':')[0]);
            Assert.Equal(Path.Combine(folder.Robot, "libraries"), env["PYTHONPATH"]);
            Assert.All(env.Keys, name => Assert.Contains(name, (string[])["PATH", "HOME", "TMPDIR", "LANG", "TZ", "ROBOT_ROOT", "ROBOT_ARTIFACTS",
                "PYTHONPATH", "PYTHONUNBUFFERED", "RC_WORKSPACE_ID"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("HANGAR_WORKER_TEST_SECRET", null);
        }
    }

    [Fact]
    public void StartInfo_GivesTheLauncherTheRobotsEnvironmentAndNothingElse()
    {
        var folder = RunFolder.Create(_runs, "step-run");
        var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["HOME"] = folder.Home };
        var start = RobotIsolation.EnvironmentOnly.StartInfo(new RobotLaunch("/usr/bin/python3", ["robot.py"], folder.Robot, env, folder));

        Assert.Equal(env.OrderBy(p => p.Key), start.Environment.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, p.Value!)).OrderBy(p => p.Key));
        Assert.Equal("/usr/bin/python3", start.FileName);
        Assert.Equal(["robot.py"], start.ArgumentList);
    }

    private static Assignment Assignment(Dictionary<string, string> env) =>
        new("sr", "run", "process", "ws", "org", "Process", 1, 1, new AssignmentStep("step", "Step", 0), "Main", 60, DateTimeOffset.UtcNow, "hgr_x", null,
            new AssignmentPackage("v", new string('a', 64), 1, "http://x"), env);
}
