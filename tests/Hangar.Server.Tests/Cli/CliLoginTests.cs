using System.Text.Json.Nodes;
using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Cli;

/// <summary><c>hangar login</c> and <c>hangar logout</c>, run as a process against the real server, with the config in a temporary home.</summary>
public class CliLoginTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HangarTestServer Server => fixture.Server;
    private string Url => Server.BaseAddress.ToString();

    [Fact]
    public async Task Login_WithAGoodKey_SavesServerWorkspaceAndKey_ForItsOwnerOnly()
    {
        var key = await NewKeyAsync();
        using var cli = new HangarCli();

        var login = await cli.RunAsync(["login", "--server", Url], null, Key(key));

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains($"workspace 'Default' ({Server.DefaultWorkspaceId})", login.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key, login.Stdout + login.Stderr, StringComparison.Ordinal);
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(cli.ConfigPath))!["profiles"]!["default"]!;
        Assert.Equal(Url.TrimEnd('/'), profile["server"]!.GetValue<string>());
        Assert.Equal(Server.DefaultWorkspaceId, profile["workspace_id"]!.GetValue<string>());
        Assert.Equal("Default", profile["workspace_name"]!.GetValue<string>());
        Assert.Equal(key, profile["api_key"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cli.ConfigPath));
        }
    }

    [Fact]
    public async Task Login_WithAWrongKey_ExitsOne_WithTheServersCode_AndSavesNothing()
    {
        using var cli = new HangarCli();

        var login = await cli.RunAsync(["login", "--server", Url], null, Key("hgk_not-a-key-of-this-server"));

        Assert.True(login.ExitCode == 1, login.ToString());
        Assert.Contains("invalid_api_key", login.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Login_NamingAWorkspaceTheKeyIsNotOf_ExitsOne_AndLeavesTheSavedProfileAsItWas()
    {
        var key = await NewKeyAsync();
        using var cli = new HangarCli();
        Assert.Equal(0, (await cli.RunAsync(["login", "--server", Url, "--workspace", "Default"], null, Key(key))).ExitCode);
        var before = await File.ReadAllTextAsync(cli.ConfigPath);
        var other = await NewKeyAsync();

        var login = await cli.RunAsync(["login", "--server", Url, "--workspace", "Finance"], null, Key(other));

        Assert.True(login.ExitCode == 1, login.ToString());
        Assert.Contains("workspace_mismatch", login.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Default'", login.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(cli.ConfigPath));
    }

    [Fact]
    public async Task Login_ToAServerThatDoesNotAnswer_ExitsOne_AndSavesNothing()
    {
        using var cli = new HangarCli();

        var login = await cli.RunAsync(["login", "--server", $"http://127.0.0.1:{HangarProcess.FreePort()}"], null, Key("hgk_whatever"));

        Assert.True(login.ExitCode == 1, login.ToString());
        Assert.Contains("could not be reached", login.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Login_WithNoKeyAndNoTerminalToAskOn_ExitsThree_SayingHowToGiveIt()
    {
        using var cli = new HangarCli();

        var login = await cli.RunAsync(["login", "--server", Url], "");

        Assert.True(login.ExitCode == 3, login.ToString());
        Assert.Contains("HANGAR_API_KEY", login.Stderr, StringComparison.Ordinal);
        Assert.Contains("--api-key-stdin", login.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(cli.ConfigPath));
    }

    [Fact]
    public async Task Profiles_KeepSeveralLogins_ACommandUsesTheOneNamed_AndLogoutRemovesOnlyThatOne()
    {
        var readOnly = await NewKeyAsync(Permissions.ReadProcesses, Permissions.ReadTaskPackages);
        var writer = await NewKeyAsync(Permissions.ReadProcesses, Permissions.ReadTaskPackages, Permissions.WriteProcesses);
        var robot = await Api.SeedPackageAsync(Server, Server.DefaultWorkspaceId, "Main");
        using var cli = new HangarCli();
        var first = await cli.RunAsync(["login", "--server", Url, "--api-key-stdin"], readOnly + "\n");
        var second = await cli.RunAsync(["login", "--server", Url, "--api-key-stdin", "--profile", "ops"], writer + "\n");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, $"{first}\n{second}");

        // The default profile's key may not write processes; the 'ops' profile's may.
        string[] create = ["process", "create", "--name", Api.Unique("p"), "--robot", robot, "--task", "Main"];
        var refused = await cli.RunAsync(create);
        var allowed = await cli.RunAsync([.. create, "--profile", "ops"]);
        Assert.True(refused.ExitCode == 1 && refused.Stderr.Contains("missing_permission", StringComparison.Ordinal), refused.ToString());
        Assert.True(allowed.ExitCode == 0 && Guid.TryParse(allowed.Stdout.Trim(), out _), allowed.ToString());

        var logout = await cli.RunAsync("logout", "--profile", "ops");

        Assert.True(logout.ExitCode == 0, logout.ToString());
        var profiles = JsonNode.Parse(await File.ReadAllTextAsync(cli.ConfigPath))!["profiles"]!.AsObject();
        Assert.Equal(["default"], profiles.Select(p => p.Key));
        var gone = await cli.RunAsync("process", "list", "--profile", "ops");
        // The hint names hangar as this test started it (dotnet …/hangar.dll), so only its login part is fixed.
        Assert.True(gone.ExitCode == 3 && gone.Stderr.Contains(" login --server URL", StringComparison.Ordinal), gone.ToString());
    }

    [Fact]
    public async Task Login_WithOutputJson_PrintsTheProfileAndTheWorkspace_NeverTheKey()
    {
        var key = await NewKeyAsync();
        using var cli = new HangarCli();

        var login = await cli.RunAsync(["login", "--server", Url, "--workspace", Server.DefaultWorkspaceId, "--output", "json"], null, Key(key));

        Assert.True(login.ExitCode == 0, login.ToString());
        var json = JsonNode.Parse(login.Stdout)!;
        Assert.Equal("default", json["profile"]!.GetValue<string>());
        Assert.Equal(Server.DefaultWorkspaceId, json["workspace"]!["id"]!.GetValue<string>());
        Assert.Equal("Default", json["workspace"]!["name"]!.GetValue<string>());
        Assert.NotNull(json["workspace"]!["organization"]!["id"]);
        Assert.DoesNotContain(key, login.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> NewKeyAsync(params string[] permissions)
    {
        using var admin = await Server.LoginAsAdminAsync();
        return (await Api.NewKeyAsync(admin, Server.DefaultWorkspaceId, permissions.Length == 0 ? [Permissions.ReadProcesses] : permissions)).Key;
    }

    private static Dictionary<string, string> Key(string key) => new() { ["HANGAR_API_KEY"] = key };
}
