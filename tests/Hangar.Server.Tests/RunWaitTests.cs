using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary><c>?wait=</c> on the v1 trigger answers when the run ends, here ended by a worker over its protocol.</summary>
public class RunWaitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task Wait_AnswersWithTheEndedRun_AsSoonAsAWorkerCompletesIt()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var _ = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);

        var waiting = admin.PostAsync($"/api/v1/workspaces/{ws}/processes/{process}/process-runs?wait=60", Json.Body("{}"));
        using var claim = await Workers.ClaimAsync(worker, waitSeconds: 20);
        var stepRunId = (await Api.OkJsonAsync(claim))["step_run_id"]!.GetValue<string>();
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{stepRunId}/complete", new { exit_code = 0 });

        using var answered = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        var run = await Api.OkJsonAsync(answered);
        Assert.Equal("completed", run["state"]!.GetValue<string>());
        Assert.NotNull(run["ended_at"]);
    }
}
