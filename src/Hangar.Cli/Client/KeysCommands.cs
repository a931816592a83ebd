using System.CommandLine;
using Hangar.Contracts.V1;

namespace Hangar.Cli.Client;

/// <summary>
/// <c>hangar keys list|create|delete</c>: the workspace's API keys, for workspace admins (or a key holding
/// <c>ApiKeys.read_api_keys</c> / <c>ApiKeys.write_api_keys</c>). A new key's value is printed once, by <c>create</c>.
/// </summary>
internal static class KeysCommands
{
    private static readonly Option<string> Name = new("--name") { Description = "The key's name.", Required = true };

    private static readonly Option<string[]> Permission = new("--permission")
    {
        Description = "A permission to grant, e.g. Processes.trigger_processes (repeat the option for more). "
                      + "A key never gets more than the caller holds.",
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<DateTimeOffset?> ExpiresAt = new("--expires-at")
    {
        Description = "When the key stops working (ISO 8601, e.g. 2027-01-31T00:00:00Z). Default: never.",
    };

    private static readonly Argument<string> Id = new("id") { Description = "The key's id (see 'hangar keys list')." };

    public static Command Create()
    {
        var keys = new Command("keys", """
            The workspace's API keys (workspace admins).

            Examples:
              hangar keys list
              hangar keys create --name ci --permission Processes.read_runs --permission Processes.trigger_processes
              hangar keys delete 0199...
            """);
        ClientOptions.AddTo(keys);

        var list = new Command("list", "List the keys: names, permissions and usage, never their values.");
        ClientCommand.SetAction(list, ListAsync);
        keys.Subcommands.Add(list);

        var create = new Command("create", "Create a key and print its value, once: keep it somewhere safe.") { Name, Permission, ExpiresAt };
        ClientCommand.SetAction(create, CreateAsync);
        keys.Subcommands.Add(create);

        var delete = new Command("delete", "Delete a key: requests with it are refused at once.") { Id };
        ClientCommand.SetAction(delete, DeleteAsync);
        keys.Subcommands.Add(delete);
        return keys;
    }

    private static async Task<int> ListAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var keys = new List<ApiKeyResponse>();
        await foreach (var key in session.Client.ListApiKeysAsync(session.WorkspaceId, ct))
        {
            keys.Add(key);
        }

        output.WriteTable(keys, keys,
            ("ID", k => k.Id),
            ("NAME", k => k.Name),
            ("KEY", k => k.KeyPreview),
            ("PERMISSIONS", k => string.Join(", ", k.Permissions)),
            ("EXPIRES", k => k.ExpiresAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"),
            ("LAST USED", k => k.LastUsedAt?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "never"),
            ("USES", k => k.UsageCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return ClientExitCodes.Ok;
    }

    private static async Task<int> CreateAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var permissions = parse.GetValue(Permission) ?? [];
        var created = await session.Client.CreateApiKeyAsync(session.WorkspaceId, parse.GetValue(Name)!, permissions, parse.GetValue(ExpiresAt), ct);
        if (output.IsJson)
        {
            output.WriteJson(created);
            return ClientExitCodes.Ok;
        }

        output.WriteLine($"Created API key '{created.Name}' ({created.Id}) with {string.Join(", ", created.Permissions)}.");
        output.WriteLine("Its value, shown this once:");
        output.WriteLine(created.Key);
        return ClientExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(ClientSession session, CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var deleted = await session.Client.DeleteApiKeyAsync(session.WorkspaceId, parse.GetValue(Id)!, ct);
        if (output.IsJson)
        {
            output.WriteJson(deleted);
        }
        else
        {
            output.WriteLine($"Deleted API key {deleted.Id}.");
        }

        return ClientExitCodes.Ok;
    }
}
