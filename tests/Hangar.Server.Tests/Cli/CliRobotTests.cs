using System.IO.Compression;
using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Cli;

/// <summary><c>hangar robot init|push|list</c>, run as a process against the real server.</summary>
public sealed class CliRobotTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly string _work = TempDirectory.Create("hangar-cli-robots");

    private HangarTestServer Server => fixture.Server;

    public void Dispose() => TempDirectory.TryDelete(_work);

    [Fact]
    public async Task InitThenPush_CreatesTheRobot_AndPushingAgainUploadsItsNextVersion()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var folder = Path.Combine(_work, Api.Unique("greeter"));
        var name = Path.GetFileName(folder);

        var init = await cli.RunAsync("robot", "init", folder);
        var first = await cli.RunAsync("robot", "push", folder);
        var second = await cli.RunAsync("robot", "push", folder, "--output", "json");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal([".gitignore", "robot.yaml", "task.py", "workitems.py"],
            Directory.EnumerateFileSystemEntries(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Created robot '{name}'", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("version 1", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        var pushed = JsonNode.Parse(second.Stdout)!;
        Assert.Equal(name, pushed["name"]!.GetValue<string>());
        Assert.Equal(2, pushed["latest_version"]!["number"]!.GetValue<int>());
        Assert.Equal(["Main"], pushed["latest_version"]!["tasks"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(64, pushed["latest_version"]!["sha256"]!.GetValue<string>().Length);

        using var api = await ApiKeyClientAsync();
        var package = await Api.GetAsync(api, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}/task-packages/{pushed["id"]!.GetValue<string>()}");
        Assert.Equal(2, package["latest_version"]!["number"]!.GetValue<int>());
    }

    [Fact]
    public async Task Init_RefusesAFolderThatIsNotEmpty_AndTouchesNothingInIt()
    {
        using var cli = new HangarCli();
        var folder = Path.Combine(_work, "mine");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "robot.yaml"), "mine");

        var init = await cli.RunAsync("robot", "init", folder);

        Assert.True(init.ExitCode == 3, init.ToString());
        Assert.Contains("not empty", init.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(folder, "robot.yaml")));
        Assert.Single(Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public async Task Push_LeavesOutWhatTheIgnoreFilesName_AndWhatRccAlwaysLeavesOut()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var folder = Path.Combine(_work, Api.Unique("ignoring"));
        Write(folder, "robot.yaml", "tasks:\n  Main:\n    shell: python3 main.py\nignoreFiles:\n  - .gitignore\n  - extra.ignore\n");
        Write(folder, ".gitignore", "# comments and blank lines are not patterns\n\n*.log\nsecrets/\n");
        Write(folder, "extra.ignore", "draft?.py\n");
        Write(folder, "main.py", "print('hi')");
        Write(folder, "lib/helper.py", "x = 1");
        Write(folder, "lib/debug.log", "left out");
        Write(folder, "secrets/token.txt", "left out");
        Write(folder, "secrets.txt", "kept: a file, not the folder the pattern names");
        Write(folder, "draft1.py", "left out");
        Write(folder, "draft10.py", "kept: ? is one character");
        Write(folder, "output/old.txt", "left out (rcc's own)");
        Write(folder, "__pycache__/main.pyc", "left out (rcc's own)");
        Write(folder, ".git/HEAD", "left out (rcc's own)");

        var push = await cli.RunAsync("robot", "push", folder, "--output", "json");

        Assert.True(push.ExitCode == 0, push.ToString());
        var entries = await UploadedEntriesAsync(JsonNode.Parse(push.Stdout)!["id"]!.GetValue<string>());
        Assert.Equal([".gitignore", "draft10.py", "extra.ignore", "lib/helper.py", "main.py", "robot.yaml", "secrets.txt"], entries.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Push_OfARobotTheServerWouldRefuse_FailsBeforeUploading_WithTheServersCodeAndMessage()
    {
        const string BrokenYaml = "tasks:\n  Main:\n    shell: python3 main.py\n    command: [python3, main.py]\n";
        using var cli = await CliLogins.LoggedInAsync(Server);
        var name = Api.Unique("broken");
        var folder = Path.Combine(_work, name);
        Write(folder, "robot.yaml", BrokenYaml);

        var push = await cli.RunAsync("robot", "push", folder);

        // The server, sent the same robot.yaml, refuses it so:
        using var api = await ApiKeyClientAsync();
        var package = await Packages.CreateAsync(api, Server.DefaultWorkspaceId);
        using var anonymous = Server.CreateClient();
        using var refused = await Packages.PostAsync(anonymous, await Packages.UploadLinkAsync(api, Server.DefaultWorkspaceId, package),
            RobotZips.Build(("robot.yaml", BrokenYaml)));
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.True(push.ExitCode == 1, push.ToString());
        Assert.Equal($"hangar: {error["code"]!.GetValue<string>()}: {error["message"]!.GetValue<string>()}", push.Stderr.Trim());
        Assert.Equal("invalid_task", error["code"]!.GetValue<string>());
        var robots = await cli.RunAsync("robot", "list", "--output", "json");
        Assert.DoesNotContain(JsonNode.Parse(robots.Stdout)!.AsArray(), r => r!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Push_WithAKeyThatMayNotWriteRobots_ExitsOne_WithTheErrorCode()
    {
        using var cli = await CliLogins.LoggedInAsync(Server, Permissions.ReadTaskPackages);
        var folder = Path.Combine(_work, Api.Unique("readonly"));
        Assert.Equal(0, (await cli.RunAsync("robot", "init", folder)).ExitCode);

        var push = await cli.RunAsync("robot", "push", folder);

        Assert.True(push.ExitCode == 1, push.ToString());
        Assert.Contains("missing_permission", push.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsEachRobotWithItsLatestVersion_AsATable_AndAsTheApisJson()
    {
        using var cli = await CliLogins.LoggedInAsync(Server);
        var folder = Path.Combine(_work, Api.Unique("listed"));
        Assert.Equal(0, (await cli.RunAsync("robot", "init", folder)).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("robot", "push", folder)).ExitCode);

        var table = await cli.RunAsync("robot", "list");
        var json = await cli.RunAsync("robot", "list", "--output", "json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var row = table.Stdout.Split('\n').Single(l => l.Contains(Path.GetFileName(folder), StringComparison.Ordinal));
        Assert.Contains("Main", row, StringComparison.Ordinal);
        var robot = JsonNode.Parse(json.Stdout)!.AsArray().Single(r => r!["name"]!.GetValue<string>() == Path.GetFileName(folder))!;
        Assert.Equal(1, robot["latest_version"]!["number"]!.GetValue<int>());
        Assert.NotNull(robot["created_at"]);
    }

    private static void Write(string folder, string name, string content)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private async Task<HttpClient> ApiKeyClientAsync()
    {
        using var admin = await Server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, Server.DefaultWorkspaceId, CliLogins.Everything);
        return Api.KeyClient(Server, key);
    }

    /// <summary>The entry names of the package's latest zip, downloaded as a client downloads it.</summary>
    private async Task<List<string>> UploadedEntriesAsync(string packageId)
    {
        using var api = await ApiKeyClientAsync();
        var link = await Api.GetAsync(api, $"/api/v1/workspaces/{Server.DefaultWorkspaceId}/task-packages/{packageId}/download");
        using var anonymous = Server.CreateClient();
        var bytes = await anonymous.GetByteArrayAsync(link["url"]!.GetValue<string>());
        using var zip = new ZipArchive(new MemoryStream(bytes));
        return zip.Entries.Select(e => e.FullName).ToList();
    }
}
