using System.CommandLine;
using System.Text.Json;
using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin create-api-key</c>: a workspace API key made offline, for automation (provisioning scripts, CI)
/// and for recovery. The key is printed once.
/// </summary>
internal static class CreateApiKeyCommand
{
    private static readonly Option<string> Workspace = new("--workspace") { Description = "Workspace id or name.", Required = true };
    private static readonly Option<string> Name = new("--name") { Description = "The key's name.", Required = true };

    private static readonly Option<string[]> Permission = new("--permission")
    {
        Description = "A permission to grant (repeat the option for more). 'GET /api/v1/permissions' lists them.",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> AllPermissions = new("--all-permissions") { Description = "Grant every permission." };
    private static readonly Option<bool> AsJson = new("--json") { Description = "Print one JSON line instead of text." };

    public static Command Create()
    {
        var command = new Command("create-api-key", "Create a workspace API key and print it once.")
        {
            Workspace, Name, Permission, AllPermissions, AsJson, CliOptions.DataDir, CliOptions.Database,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parse, CancellationToken ct) =>
        AdminCommands.WithServicesAsync(parse, async services =>
        {
            var given = parse.GetValue(Permission) ?? [];
            var all = parse.GetValue(AllPermissions);
            if (all == (given.Length > 0))
            {
                await Console.Error.WriteLineAsync("hangar: give either --permission (one or more) or --all-permissions.");
                return ExitCodes.BadConfiguration;
            }

            var workspace = await FindWorkspaceAsync(services.GetRequiredService<IWorkspaceStore>(), parse.GetValue(Workspace)!, ct);
            if (workspace is null)
            {
                return ExitCodes.Failed;
            }

            var permissions = all ? Permissions.All.Select(p => p.Name).ToArray() : given;
            var grant = new WorkspaceGrant(workspace.Id, Permissions.AllNames, IsAdmin: true);
            var (key, value) = await services.GetRequiredService<ApiKeyService>()
                .CreateAsync(Caller.System(), grant, parse.GetValue(Name), permissions, null, ct);
            if (parse.GetValue(AsJson))
            {
                Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["workspace_id"] = workspace.Id,
                    ["id"] = key.Id,
                    ["name"] = key.Name,
                    ["permissions"] = key.Permissions,
                    ["key"] = value,
                }));
            }
            else
            {
                Console.WriteLine($"Created API key '{key.Name}' ({key.Id}) in workspace '{workspace.Name}' ({workspace.Id}).");
                Console.WriteLine($"Permissions: {string.Join(", ", key.Permissions)}");
                Console.WriteLine($"Key (shown once here): {value}");
                Console.WriteLine($"Use it as: Authorization: RC-WSKEY {value}");
            }

            return ExitCodes.Ok;
        }, ct);

    internal static async Task<Workspace?> FindWorkspaceAsync(IWorkspaceStore workspaces, string idOrName, CancellationToken ct)
    {
        if (Ids.IsWellFormed(idOrName) && await workspaces.FindAsync(idOrName, ct) is { } byId)
        {
            return byId;
        }

        var byName = await workspaces.FindByNameAsync(idOrName, ct);
        switch (byName.Count)
        {
            case 1:
                return byName[0];
            case 0:
                await Console.Error.WriteLineAsync($"hangar: there is no workspace '{idOrName}'.");
                return null;
            default:
                await Console.Error.WriteLineAsync($"hangar: several organizations have a workspace named '{idOrName}'; give its id.");
                return null;
        }
    }
}
