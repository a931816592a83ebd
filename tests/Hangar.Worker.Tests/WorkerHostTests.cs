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
}
