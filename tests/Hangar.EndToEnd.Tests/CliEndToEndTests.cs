using System.Text.Json.Nodes;
using Hangar.TestSupport;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// The built <c>hangar</c> as a user drives it against a real server with its embedded worker: log in, start a robot,
/// push it, make a process of it, run it while following its console, download its artifacts, list the runs as JSON.
/// </summary>
public sealed class CliEndToEndTests : IDisposable
{
    private const string Password = "e2e-first-owner-secret-1";
    private readonly string _dataDir = TempDirectory.Create("hangar-e2e-cli");

    public void Dispose() => TempDirectory.TryDelete(_dataDir);

    [Fact]
    public async Task NewUser_LogsIn_PushesARobot_RunsItFollowingItsConsole_AndDownloadsItsArtifacts()
    {
        var (url, server, _, key) = await StartServerAsync();
        await using var __ = server;
        using var cli = new HangarCli();

        Expect(0, await cli.RunAsync(["login", "--server", url], null, new Dictionary<string, string> { ["HANGAR_API_KEY"] = key }));
        Expect(0, await cli.RunAsync("robot", "init", "greeter"));
        Expect(0, await cli.RunAsync("robot", "push", "greeter"));
        var created = Expect(0, await cli.RunAsync("process", "create", "--name", "Greetings", "--robot", "greeter", "--task", "Main", "--output", "json"));
        var processId = JsonNode.Parse(created.Stdout)!["id"]!.GetValue<string>();
        await File.WriteAllTextAsync(Path.Combine(cli.Home, "ada.json"), """{"name": "Ada"}""");

        var followed = Expect(0, await cli.RunAsync("run", "Greetings", "--payload", "ada.json", "--follow"));
        var lines = followed.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        var started = Array.FindIndex(lines, l => l.EndsWith(": in progress", StringComparison.Ordinal));
        var greeted = Array.IndexOf(lines, "Hello, Ada!");
        var completed = Array.FindIndex(lines, l => l.EndsWith(": completed", StringComparison.Ordinal));
        Assert.True(started >= 0 && greeted > started && completed > greeted, followed.ToString());
        Assert.Matches(@"Run #\d+ \(.+\) completed", lines.Last(l => l.Length > 0));

        var listed = Expect(0, await cli.RunAsync("runs", "list", "--output", "json"));
        var run = Assert.Single(JsonNode.Parse(listed.Stdout)!.AsArray())!;
        Assert.Equal("completed", run["state"]!.GetValue<string>());
        Assert.Equal(processId, run["process"]!["id"]!.GetValue<string>());
        var runId = run["id"]!.GetValue<string>();

        Expect(0, await cli.RunAsync("artifacts", "download", runId, "--dir", "results"));
        Assert.Equal("Hello, Ada!\n", await File.ReadAllTextAsync(Path.Combine(cli.Home, "results", "greetings.txt")));

        var shown = JsonNode.Parse(Expect(0, await cli.RunAsync("runs", "show", runId, "--output", "json")).Stdout)!;
        Assert.Equal("Hello, Ada!", Assert.Single(shown["outputs"]!.AsArray())!["payload"]!["greeting"]!.GetValue<string>());
        // The input item and the output the robot made of it, both done; nothing failed.
        Assert.Equal(["done"], shown["work_items"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal(2, shown["work_items"]!["done"]!.GetValue<int>());
        Assert.Contains("Hello, Ada!", Expect(0, await cli.RunAsync("runs", "logs", runId)).Stdout.Split('\n'));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task AFailingRobot_EndsUnresolved_WithExitCode1_AndWrongCallsExitWithTheirOwnCodes()
    {
        var (url, server, ws, key) = await StartServerAsync();
        await using var __ = server;
        using var cli = new HangarCli();
        cli.Environment["HANGAR_SERVER"] = url;
        cli.Environment["HANGAR_API_KEY"] = key;
        cli.Environment["HANGAR_WORKSPACE"] = ws;
        var robot = Path.Combine(cli.Home, "failing");
        Directory.CreateDirectory(robot);
        await File.WriteAllTextAsync(Path.Combine(robot, "robot.yaml"), """
            tasks:
              Main:
                shell: python3 -c "import sys; print('about to fail', flush=True); sys.exit(3)"
            artifactsDir: output
            """);
        Expect(0, await cli.RunAsync("robot", "push", "failing"));
        Expect(0, await cli.RunAsync("process", "create", "--name", "Failing", "--robot", "failing", "--task", "Main"));

        var followed = Expect(1, await cli.RunAsync("run", "Failing", "--follow"));
        Assert.Contains("about to fail", followed.Stdout.Split('\n'));
        Assert.Contains(": failed", followed.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Run #\d+ \(.+\) unresolved", followed.Stdout);

        var waited = Expect(1, await cli.RunAsync("run", "Failing", "--wait", "--output", "json"));
        Assert.Equal("unresolved", JsonNode.Parse(waited.Stdout)!["hangar_state"]!.GetValue<string>());
        Assert.Equal(2, JsonNode.Parse(Expect(0, await cli.RunAsync("runs", "list", "--state", "unresolved", "--output", "json")).Stdout)!.AsArray().Count);

        Expect(2, await cli.RunAsync("run", "No such process", "--wait"));
        Expect(3, await cli.RunAsync("run", "Failing", "--payload", "a.json", "--payloads", "b.jsonl"));
        Expect(3, await cli.RunAsync("run"));
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task CtrlC_WithoutATerminal_StopsFollowing_AndLeavesTheRunGoing_UntilRunsStop()
    {
        var (url, server, ws, key) = await StartServerAsync();
        await using var __ = server;
        using var api = E2eApi.KeyClient(url, key);
        var process = await E2eApi.ProcessAsync(api, ws, RobotZips.Build(("robot.yaml", E2eRobot.SleeperYaml)));
        using var cli = new HangarCli();
        cli.Environment["HANGAR_SERVER"] = url;
        cli.Environment["HANGAR_API_KEY"] = key;
        cli.Environment["HANGAR_WORKSPACE"] = ws;

        var env = new Dictionary<string, string>(cli.Environment) { ["HOME"] = cli.Home, ["HANGAR_CONFIG"] = cli.ConfigPath };
        await using (var following = HangarProcess.Start(["run", process, "--follow"], env))
        {
            for (var i = 0; i < 600 && !following.Output.Contains("sleeping", StringComparison.Ordinal); i++)
            {
                await Task.Delay(100);
            }

            Assert.Contains("sleeping", following.Output, StringComparison.Ordinal);
            Assert.Equal(130, await following.InterruptAsync());
            Assert.Contains("stopped following; the run goes on", following.Output, StringComparison.Ordinal);
        }

        var run = Assert.Single(JsonNode.Parse(Expect(0, await cli.RunAsync("runs", "list", "--output", "json")).Stdout)!.AsArray())!;
        Assert.Equal("in_progress", run["state"]!.GetValue<string>());
        var runId = run["id"]!.GetValue<string>();
        Expect(0, await cli.RunAsync("runs", "stop", runId));
        Assert.Equal("stopped", (await E2eApi.WaitForRunAsync(api, ws, runId, server))["hangar_state"]!.GetValue<string>());
        Expect(2, await cli.RunAsync("runs", "logs", runId, "-f"));
        Assert.Equal(0, await server.StopAsync());
    }

    private async Task<(string Url, HangarProcess Server, string Workspace, string Key)> StartServerAsync()
    {
        var url = $"http://127.0.0.1:{HangarProcess.FreePort()}";
        var server = HangarProcess.Start(["serve", "--urls", url, "--data-dir", _dataDir],
            new Dictionary<string, string> { ["HANGAR_ADMIN_PASSWORD"] = Password });
        await server.WaitUntilReadyAsync($"{url}/readyz");
        var (ws, key) = await E2eApi.SetUpAsync(url, Password);
        return (url, server, ws, key);
    }

    private static CliResult Expect(int exitCode, CliResult result)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}, got {result}");
        return result;
    }
}
