using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>
/// The worker against a real server with a fake <c>rcc</c> on the PATH: a bash script that prints its working folder,
/// argv and environment to the console (so the record is read the same way whatever isolation the robot gets) and
/// exits with the code the package's <c>exit-code</c> file names.
/// </summary>
public sealed class RccWorkerTests : IAsyncLifetime
{
    private const string FakeRcc = """
        #!/usr/bin/env bash
        printf 'rcc-cwd=%s\n' "$(pwd)"
        for arg in "$@"; do printf 'rcc-arg=%s\n' "$arg"; done
        env | sed 's/^/rcc-env=/'
        echo "fake rcc ran"
        code=0
        if [ -f exit-code ]; then code=$(cat exit-code); fi
        exit "$code"
        """;

    private const string Yaml = """
        tasks:
          Main:
            shell: python3 -c "print('direct run')"
        """;

    private readonly string _work = TempDirectory.Create("hangar-worker-rcc");
    private readonly string _bin = TempDirectory.Create("hangar-fake-rcc");
    private HangarTestServer? _server;

    private HangarTestServer Server => _server!;

    public async Task InitializeAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake rcc is a bash script.");
        }

        var rcc = Path.Combine(_bin, "rcc");
        await File.WriteAllTextAsync(rcc, FakeRcc.ReplaceLineEndings("\n") + "\n");
        // Installed as rcc is (0755): robots may run as another user.
        File.SetUnixFileMode(rcc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                                  | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        _server = await HangarTestServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        TempDirectory.TryDelete(_work);
        TempDirectory.TryDelete(_bin);
    }

    [Fact]
    public async Task PackageWithCondaYaml_RunsThroughRcc_WithTheRobotsEnvironment_AndRccExitCodesMapToErrorCodes()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var config = await WorkerTestApi.LinkAsync(Server, admin);
        using var stop = new CancellationTokenSource();
        var host = new WorkerHost(config, _work, TextWriter.Null, TimeProvider.System)
        {
            ClaimWaitSeconds = 2,
            // 'auto' as configured by default, looking on the worker's PATH with the fake's folder in front.
            Rcc = RccOption.Auto.LookingIn(_bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH")),
        }.RunAsync(stop.Token);

        // conda.yaml in the robot root: rcc runs the task, and its exit 0 completes the step run.
        var ok = await RunAsync(admin, ws, ("robot.yaml", Yaml), ("conda.yaml", "channels: [conda-forge]\n"));
        Assert.True(ok.StepRun["state"]!.GetValue<string>() == "completed", $"{ok.StepRun}\n{string.Join('\n', await WorkerTestApi.ConsoleAsync(admin, ws, ok.StepRunId))}");
        var call = await RecordedAsync(admin, ws, ok.StepRunId);
        Assert.NotNull(call);
        var root = call.Cwd;
        Assert.Equal(["run", "--robot", Path.Combine(root, "robot.yaml"), "--task", "Main", "--space", RccCommand.Space(config.WorkerId, 0), "--silent"],
            call.Args);
        Assert.StartsWith(Path.GetFullPath(_work), root, StringComparison.Ordinal);
        Assert.Equal(root, call.Env["ROBOT_ROOT"]);
        Assert.Equal(Path.Combine(root, "output"), call.Env["ROBOT_ARTIFACTS"]);
        Assert.Equal(ok.StepRunId, call.Env["RC_ACTIVITY_RUN_ID"]);
        Assert.Equal(ok.RunId, call.Env["RC_PROCESS_RUN_ID"]);
        Assert.Equal(ws, call.Env["RC_WORKSPACE_ID"]);
        Assert.Equal("Main", call.Env["RC_ACTIVITY_NAME"]);
        Assert.StartsWith("hgr_", call.Env["RC_API_WORKITEM_TOKEN"], StringComparison.Ordinal);
        Assert.Equal(call.Env["RC_API_WORKITEM_TOKEN"], call.Env["RC_API_PROCESS_TOKEN"]);
        Assert.StartsWith(Server.BaseAddress.ToString().TrimEnd('/'), call.Env["RC_API_WORKITEM_HOST"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(call.Env["RC_WORKITEM_ID"]));
        // rcc keeps its environments where this worker's robots share them, and gets nothing of the worker's own environment.
        Assert.StartsWith(Path.GetFullPath(_work), call.Env["ROBOCORP_HOME"], StringComparison.Ordinal);
        Assert.DoesNotContain(call.Env.Keys, name => name.StartsWith("HANGAR_", StringComparison.Ordinal) || name.StartsWith("DOTNET_", StringComparison.Ordinal));
        Assert.Contains("fake rcc ran", await WorkerTestApi.ConsoleAsync(admin, ws, ok.StepRunId));

        // rcc exits 10 when the robot failed, 4 when it could not build the environment.
        var robotFailed = await RunAsync(admin, ws, ("robot.yaml", Yaml), ("conda.yaml", "channels: []\n"), ("exit-code", "10"));
        Assert.Equal("failed", robotFailed.StepRun["state"]!.GetValue<string>());
        Assert.Equal("robot_failure", robotFailed.StepRun["error"]!["code"]!.GetValue<string>());
        var noEnvironment = await RunAsync(admin, ws, ("robot.yaml", Yaml), ("conda.yaml", "channels: []\n"), ("exit-code", "4"));
        Assert.Equal("environment_error", noEnvironment.StepRun["error"]!["code"]!.GetValue<string>());
        Assert.NotNull(await RecordedAsync(admin, ws, noEnvironment.StepRunId));

        // condaConfigFile names the environment file elsewhere in the package.
        var named = await RunAsync(admin, ws, ("robot.yaml", Yaml + "\ncondaConfigFile: env/robot-env.yaml\n"), ("env/robot-env.yaml", "channels: []\n"));
        Assert.Equal("completed", named.StepRun["state"]!.GetValue<string>());
        Assert.NotNull(await RecordedAsync(admin, ws, named.StepRunId));

        // Without a conda.yaml the task's own command runs; rcc is not called.
        var direct = await RunAsync(admin, ws, ("robot.yaml", Yaml));
        Assert.Equal("completed", direct.StepRun["state"]!.GetValue<string>());
        Assert.Null(await RecordedAsync(admin, ws, direct.StepRunId));
        Assert.Equal(["direct run"], await WorkerTestApi.ConsoleAsync(admin, ws, direct.StepRunId));

        await stop.CancelAsync();
        await host;
    }

    [Fact]
    public async Task RccNever_RunsTheCommandDirectly_EvenWithACondaYaml()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var config = await WorkerTestApi.LinkAsync(Server, admin);
        using var stop = new CancellationTokenSource();
        var host = new WorkerHost(config, _work, TextWriter.Null, TimeProvider.System) { ClaimWaitSeconds = 2, Rcc = RccOption.Never }.RunAsync(stop.Token);

        var direct = await RunAsync(admin, ws, ("robot.yaml", Yaml), ("conda.yaml", "channels: []\n"));
        Assert.Equal("completed", direct.StepRun["state"]!.GetValue<string>());
        Assert.Null(await RecordedAsync(admin, ws, direct.StepRunId));
        Assert.Equal(["direct run"], await WorkerTestApi.ConsoleAsync(admin, ws, direct.StepRunId));

        await stop.CancelAsync();
        await host;
    }

    private async Task<(string RunId, string StepRunId, System.Text.Json.Nodes.JsonNode StepRun)> RunAsync(HttpClient admin, string ws,
        params (string Name, string Content)[] files)
    {
        var package = await WorkerTestApi.UploadAsync(Server, admin, ws, RobotZips.Build(files));
        var runId = await WorkerTestApi.RunAsync(admin, ws, package, "Main");
        var stepRun = await WorkerTestApi.WaitForStepRunAsync(admin, ws, runId);
        return (runId, stepRun["id"]!.GetValue<string>(), stepRun);
    }

    /// <summary>What the fake rcc printed for the step run, or null when it was not called for it.</summary>
    private static async Task<RccCall?> RecordedAsync(HttpClient admin, string ws, string stepRunId)
    {
        var lines = (await WorkerTestApi.ConsoleAsync(admin, ws, stepRunId)).Where(l => l.StartsWith("rcc-", StringComparison.Ordinal))
            .Select(l => l["rcc-".Length..]).ToList();
        if (lines.Count == 0)
        {
            return null;
        }

        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Where(l => l.StartsWith("env=", StringComparison.Ordinal)))
        {
            var pair = line["env=".Length..];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                env[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return new RccCall(
            lines.Single(l => l.StartsWith("cwd=", StringComparison.Ordinal))["cwd=".Length..],
            lines.Where(l => l.StartsWith("arg=", StringComparison.Ordinal)).Select(l => l["arg=".Length..]).ToList(),
            env);
    }

    private sealed record RccCall(string Cwd, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env);
}
