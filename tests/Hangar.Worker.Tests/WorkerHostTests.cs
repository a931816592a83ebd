using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

/// <summary>The worker program against a real server: robots that cannot start fail with a code, and the worker goes on.</summary>
public sealed class WorkerHostTests : IAsyncLifetime
{
    private const string Yaml = """
        tasks:
          Missing:
            command:
              - definitely-not-a-program-7f3a
          Echo:
            shell: python3 -c "import os; print('hello from', os.environ['RC_PROCESS_NAME'])"
        """;

    private readonly string _work = TempDirectory.Create("hangar-worker");
    private HangarTestServer? _server;

    private HangarTestServer Server => _server!;

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        TempDirectory.TryDelete(_work);
    }

    [Fact]
    public async Task MissingProgram_FailsTheStepRunWithACode_AndTheNextRobotStillRuns()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var config = await WorkerTestApi.LinkAsync(Server, admin);
        var package = await WorkerTestApi.UploadAsync(Server, admin, ws, RobotZips.Build(("robot.yaml", Yaml)));
        using var stop = new CancellationTokenSource();
        var host = new WorkerHost(config, _work, TextWriter.Null, TimeProvider.System) { ClaimWaitSeconds = 2 }.RunAsync(stop.Token);

        var missing = await WorkerTestApi.RunAsync(admin, ws, package, "Missing");
        var failed = await WorkerTestApi.WaitForStepRunAsync(admin, ws, missing);
        Assert.Equal("failed", failed["state"]!.GetValue<string>());
        Assert.Equal("executable_not_found", failed["error"]!["code"]!.GetValue<string>());
        var console = await WorkerTestApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{failed["id"]!.GetValue<string>()}/console-messages");
        Assert.Contains("definitely-not-a-program-7f3a", console["data"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var echo = await WorkerTestApi.RunAsync(admin, ws, package, "Echo");
        var completed = await WorkerTestApi.WaitForStepRunAsync(admin, ws, echo);
        Assert.Equal("completed", completed["state"]!.GetValue<string>());
        console = await WorkerTestApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{completed["id"]!.GetValue<string>()}/console-messages");
        Assert.StartsWith("hello from ", console["data"]![0]!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        await stop.CancelAsync();
        await host;
    }

    [Fact]
    public async Task ArtifactsOutsideTheRobot_AreRefused_AndALinkPlantedInArtifacts_UploadsNothing()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = Server.DefaultWorkspaceId;
        var config = await WorkerTestApi.LinkAsync(Server, admin);
        var secret = Path.Combine(_work, "worker-secret.txt");
        await File.WriteAllTextAsync(secret, "not-for-robots");
        using var stop = new CancellationTokenSource();
        var host = new WorkerHost(config, _work, TextWriter.Null, TimeProvider.System) { ClaimWaitSeconds = 2 }.RunAsync(stop.Token);

        // The worker uploads the artifacts folder: one outside the robot would hand out the worker's own files.
        var outside = await WorkerTestApi.UploadAsync(Server, admin, ws, RobotZips.Build(("robot.yaml", "tasks:\n  Main:\n    shell: true\nartifactsDir: " + _work + "\n")));
        var refused = await WorkerTestApi.WaitForStepRunAsync(admin, ws, await WorkerTestApi.RunAsync(admin, ws, outside, "Main"));
        Assert.Equal("robot_yaml_invalid", refused["error"]!["code"]!.GetValue<string>());

        // A robot that links the worker's files into its artifacts (a file, and the folder they are in) gets its run done,
        // and none of them is uploaded.
        var planter = await WorkerTestApi.UploadAsync(Server, admin, ws, RobotZips.Build(("robot.yaml", $$"""
            tasks:
              Main:
                shell: python3 -c "import os; a = os.environ['ROBOT_ARTIFACTS']; os.symlink('{{secret}}', os.path.join(a, 'stolen.txt')); os.symlink('{{_work}}', os.path.join(a, 'worker')); open(os.path.join(os.environ['ROBOT_ARTIFACTS'], 'kept.txt'), 'w').write('mine')"
            artifactsDir: output
            """)));
        var planted = await WorkerTestApi.WaitForStepRunAsync(admin, ws, await WorkerTestApi.RunAsync(admin, ws, planter, "Main"));
        Assert.Equal("completed", planted["state"]!.GetValue<string>());
        var artifacts = (await WorkerTestApi.GetAsync(admin, $"/api/v1/workspaces/{ws}/step-runs/{planted["id"]!.GetValue<string>()}/artifacts"))["data"]!
            .AsArray().Select(a => a!["name"]!.GetValue<string>());
        Assert.Equal(["kept.txt"], artifacts);

        await stop.CancelAsync();
        await host;
    }
}
