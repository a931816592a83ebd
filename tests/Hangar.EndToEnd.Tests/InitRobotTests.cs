using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>The robot <c>hangar robot init</c> writes, pushed and made a process with the CLI, run by the embedded worker of <c>hangar serve</c>.</summary>
public sealed class InitRobotTests : IDisposable
{
    private const string Password = "e2e-init-robot-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-init");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task InitRobot_PushedAndRun_TurnsEachInputItemIntoAGreeting()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        await using var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        using var cli = new HangarCli();
        cli.Environment["HANGAR_SERVER"] = url;
        cli.Environment["HANGAR_WORKSPACE"] = ws;
        cli.Environment["HANGAR_API_KEY"] = key;
        var folder = Path.Combine(cli.Home, "greeter");

        var init = await cli.RunAsync("robot", "init", folder);
        var push = await cli.RunAsync("robot", "push", folder);
        var create = await cli.RunAsync("process", "create", "--name", "Greetings", "--robot", "greeter", "--task", "Main");

        Assert.True(init.ExitCode == 0 && push.ExitCode == 0 && create.ExitCode == 0, $"{init}\n{push}\n{create}");
        using var api = E2eApi.KeyClient(url, key);
        var started = await E2eApi.PostAsync(api, $"/api/v1/workspaces/{ws}/processes/{create.Stdout.Trim()}/process-runs",
            new JsonObject { ["type"] = "with_payloads", ["payloads"] = new JsonArray(new JsonObject { ["name"] = "Ada" }, new JsonObject()) });
        var run = await E2eApi.WaitForRunAsync(api, ws, started["id"]!.GetValue<string>(), server);
        Assert.True(run["state"]!.GetValue<string>() == "completed", $"{run}\n{server.Output}");
        var outputs = (await E2eApi.GetAsync(api, $"/api/v1/workspaces/{ws}/process-runs/{run["id"]!.GetValue<string>()}/outputs"))["data"]!.AsArray();
        Assert.Equal(["Hello, Ada!", "Hello, world!"], outputs.Select(o => o!["payload"]!["greeting"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }
}
