using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Cli;

/// <summary><c>hangar process list|show|create|delete</c>, run as a process against the real server.</summary>
public sealed class CliProcessTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _work = TempDirectory.Create("hangar-cli-processes");

    private HangarTestServer Server => fixture.Server;

    public void Dispose() => TempDirectory.TryDelete(_work);

    [Fact]
    public async Task Create_PrintsTheId_ThenListShowAndDeleteFindTheProcessByIdOrName()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var robot = await PushRobotAsync(cli);
        var name = Api.Unique("invoices");

        var create = await cli.RunAsync("process", "create", "--name", name, "--robot", robot, "--task", "Main");

        Assert.True(create.ExitCode == 0, create.ToString());
        var id = create.Stdout.Trim();
        Assert.True(Guid.TryParse(id, out _), create.ToString());
        var list = await cli.RunAsync("process", "list", "--output", "json");
        Assert.Contains(JsonNode.Parse(list.Stdout)!.AsArray(), p => p!["id"]!.GetValue<string>() == id && p["name"]!.GetValue<string>() == name);

        var show = await cli.RunAsync("process", "show", name);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains($"Process '{name}' ({id})", show.Stdout, StringComparison.Ordinal);
        Assert.Contains(show.Stdout.Split('\n'), l => l.Contains(robot, StringComparison.Ordinal) && l.Contains("Main", StringComparison.Ordinal));
        Assert.Contains($"curl -X POST \"{Server.BaseAddress.ToString().TrimEnd('/')}/api/v1/workspaces/{Server.DefaultWorkspaceId}/processes/{id}/process-runs\"",
            show.Stdout, StringComparison.Ordinal);
        Assert.Contains("RC-WSKEY <your API key>", show.Stdout, StringComparison.Ordinal);

        var delete = await cli.RunAsync("process", "delete", id, "--yes");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var gone = await cli.RunAsync("process", "show", id);
        Assert.True(gone.ExitCode == 1, gone.ToString());
        Assert.Contains("not_found", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAndShow_WithOutputJson_PrintTheApisProcess()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var robot = await PushRobotAsync(cli);
        var group = await NewWorkerGroupAsync();

        var create = await cli.RunAsync("process", "create", "--name", Api.Unique("json"), "--robot", robot, "--task", "Main",
            "--worker-group", group.Name, "--output", "json");

        Assert.True(create.ExitCode == 0, create.ToString());
        var created = JsonNode.Parse(create.Stdout)!;
        var step = created["steps"]!.AsArray().Single()!;
        Assert.Equal("Main", step["task"]!.GetValue<string>());
        Assert.Equal(group.Id, step["worker_group"]!["id"]!.GetValue<string>());
        Assert.NotNull(step["task_package"]!["id"]);
        var show = await cli.RunAsync("process", "show", created["id"]!.GetValue<string>(), "--output", "json");
        Assert.True(JsonNode.DeepEquals(created, JsonNode.Parse(show.Stdout)), show.ToString());
    }

    [Fact]
    public async Task Delete_WithoutYesAndWithoutATerminalToAsk_ExitsThree_AndDeletesNothing()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var name = Api.Unique("kept");
        Assert.Equal(0, (await cli.RunAsync("process", "create", "--name", name, "--robot", await PushRobotAsync(cli), "--task", "Main")).ExitCode);

        var delete = await cli.RunAsync(["process", "delete", name], "y\n");

        Assert.True(delete.ExitCode == 3, delete.ToString());
        Assert.Contains("--yes", delete.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("process", "show", name)).ExitCode);
    }

    [Fact]
    public async Task Create_WithATaskTheRobotLacks_ExitsOne_WithTheServersCode()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);

        var create = await cli.RunAsync("process", "create", "--name", Api.Unique("p"), "--robot", await PushRobotAsync(cli), "--task", "Nope");

        Assert.True(create.ExitCode == 1, create.ToString());
        Assert.Contains("unknown_task", create.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_WithAKeyOfAnotherWorkspace_ExitOne_WithNotFound()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var other = await Api.NewWorkspaceAsync(admin);
        using var cli = await CliLogins.LoggedInAsync(Server);

        // The profile's key is the Default workspace's; HANGAR_WORKSPACE points the commands at another one.
        var list = await cli.RunAsync(["process", "list"], null, new Dictionary<string, string> { ["HANGAR_WORKSPACE"] = other });

        Assert.True(list.ExitCode == 1, list.ToString());
        Assert.Contains("not_found", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAKeyThatMayOnlyReadProcesses_ExitsOne_WithMissingPermission()
    {
        using var cli = await CliLogins.LoggedInAsync(Server, Permissions.ReadProcesses, Permissions.ReadTaskPackages);

        var robot = await Api.SeedPackageAsync(Server, Server.DefaultWorkspaceId, "Main");

        var create = await cli.RunAsync("process", "create", "--name", Api.Unique("p"), "--robot", robot, "--task", "Main");
        var list = await cli.RunAsync("process", "list");

        Assert.True(create.ExitCode == 1, create.ToString());
        Assert.Contains("missing_permission", create.Stderr, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.ToString());
    }

    [Fact]
    public async Task Commands_NamingAnUnknownProcessRobotOrWorkerGroup_ExitOne_WithNotFound()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var robot = await PushRobotAsync(cli);
        var unknownId = Guid.CreateVersion7().ToString();

        var show = await cli.RunAsync("process", "show", "no-such-process");
        var showById = await cli.RunAsync("process", "show", unknownId);
        var delete = await cli.RunAsync("process", "delete", "no-such-process", "--yes");
        var runs = await cli.RunAsync("runs", "list", "--process", "no-such-process");
        var withoutRobot = await cli.RunAsync("process", "create", "--name", Api.Unique("p"), "--robot", "no-such-robot", "--task", "Main");
        var withoutGroup = await cli.RunAsync("process", "create", "--name", Api.Unique("p"), "--robot", robot, "--task", "Main",
            "--worker-group", "no-such-group");

        foreach (var (result, message) in new[]
                 {
                     (show, "no process with the id or name 'no-such-process'"), (showById, $"no process with the id or name '{unknownId}'"),
                     (delete, "no process with the id or name 'no-such-process'"), (runs, "no process with the id or name 'no-such-process'"),
                     (withoutRobot, "no robot with the id or name 'no-such-robot'"), (withoutGroup, "no worker group with the id or name 'no-such-group'"),
                 })
        {
            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("not_found", result.Stderr, StringComparison.Ordinal);
            Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_OfAnUnknownProcess_SaysItDidNotStart_WithNotFound()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);

        var run = await cli.RunAsync("run", "no-such-process");

        // hangar run keeps its own exit codes (1 is a run that ended unresolved): 2, the run did not start.
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("the run did not start", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not_found: The workspace has no process with the id or name 'no-such-process'", run.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A new robot of one task, Main, pushed with the CLI; its name.</summary>
    private async Task<string> PushRobotAsync(HangarCli cli)
    {
        var folder = Path.Combine(_work, Api.Unique("robot"));
        Assert.Equal(0, (await cli.RunAsync("robot", "init", folder)).ExitCode);
        var push = await cli.RunAsync("robot", "push", folder);
        Assert.True(push.ExitCode == 0, push.ToString());
        return Path.GetFileName(folder);
    }

    private async Task<(string Id, string Name)> NewWorkerGroupAsync()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var name = Api.Unique("group");
        var group = await Api.PostAsync(admin, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}/worker-groups", new { name });
        return (group["id"]!.GetValue<string>(), name);
    }
}
