using Hangar.Core.Security;
using Hangar.TestSupport;

namespace Hangar.Server.Tests.Cli;

/// <summary>A <see cref="HangarCli"/> logged in (as <c>hangar login</c> does it) with a new key of the server's Default workspace.</summary>
internal static class CliLogins
{
    public static readonly string[] Everything =
    [
        Permissions.ReadProcesses, Permissions.WriteProcesses, Permissions.ReadTaskPackages, Permissions.WriteTaskPackages, Permissions.ReadWorkers,
    ];

    public static async Task<HangarCli> LoggedInAsync(HangarTestServer server, params string[] permissions)
    {
        using var admin = await server.LoginAsAdminAsync();
        var (_, key) = await Api.NewKeyAsync(admin, server.DefaultWorkspaceId, permissions.Length == 0 ? Everything : permissions);
        var cli = new HangarCli();
        var login = await cli.RunAsync(["login", "--server", server.BaseAddress.ToString()], null, new Dictionary<string, string> { ["HANGAR_API_KEY"] = key });
        Assert.True(login.ExitCode == 0, login.ToString());
        return cli;
    }
}
