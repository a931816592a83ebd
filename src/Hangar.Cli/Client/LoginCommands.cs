using System.CommandLine;
using Hangar.Client;
using Hangar.Contracts.V1;
using Spectre.Console;

namespace Hangar.Cli.Client;

/// <summary>
/// <c>hangar login</c> and <c>hangar logout</c>: check a workspace API key against a server and keep it in a profile
/// of the config file, or forget it. The key never comes from an argument (it would stay in the shell's history):
/// from <c>HANGAR_API_KEY</c>, from stdin with <c>--api-key-stdin</c>, or from a prompt that does not echo it.
/// </summary>
internal static class LoginCommands
{
    public const string ApiKeyVariable = "HANGAR_API_KEY";

    /// <summary>A key is a short random string; anything far longer is not one and is not sent.</summary>
    private const int MaxKeyLength = 1024;

    private static readonly Option<string?> Server = new("--server")
    {
        Description = "The server's URL, e.g. https://hangar.example.com. Env HANGAR_SERVER. Default: the profile's saved server.",
    };

    private static readonly Option<string?> Workspace = new("--workspace")
    {
        Description = "The workspace (id or name) the key must belong to; login fails if it belongs to another. Default: the key's own workspace.",
    };

    private static readonly Option<bool> ApiKeyStdin = new("--api-key-stdin")
    {
        Description = "Read the API key from the first line of stdin (for CI). Otherwise it comes from HANGAR_API_KEY, or a prompt on a terminal.",
    };

    public static Command CreateLogin()
    {
        var login = new Command("login", """
            Check a workspace API key against a Hangar server and save server, workspace and key as a profile
            (~/.config/hangar/config.json, readable by you only). Create the key in the workspace's API tab.

            Examples:
              hangar login --server http://127.0.0.1:8080
              hangar login --server https://hangar.example.com --workspace Finance --profile prod
              echo "$KEY" | hangar login --server https://hangar.example.com --api-key-stdin
            """)
        {
            Server, Workspace, ApiKeyStdin,
        };
        ClientOptions.AddTo(login);
        ClientCommand.SetActionWithoutSession(login, LoginAsync);
        return login;
    }

    public static Command CreateLogout()
    {
        var logout = new Command("logout", """
            Remove a saved profile (its server, workspace and key) from the config file.

            Examples:
              hangar logout
              hangar logout --profile prod
            """);
        ClientOptions.AddTo(logout);
        ClientCommand.SetActionWithoutSession(logout, LogoutAsync);
        return logout;
    }

    private static async Task<int> LoginAsync(CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var profileName = ClientSession.ProfileNameFrom(parse.GetValue(ClientOptions.Profile));
        var path = ClientConfig.DefaultPath();
        var config = await ClientConfig.LoadAsync(path, ct);
        config.Profiles.TryGetValue(profileName, out var saved);
        var server = parse.GetValue(Server) ?? NullIfEmpty(Environment.GetEnvironmentVariable("HANGAR_SERVER")) ?? saved?.Server
                     ?? throw new ClientUsageException("Which server? Give --server URL (e.g. hangar login --server http://127.0.0.1:8080).");
        var serverUri = ClientSession.ParseServer(server);
        var key = await ReadKeyAsync(output, parse.GetValue(ApiKeyStdin), ct);

        using var client = new HangarClient(serverUri).WithApiKey(key);
        var workspace = Choose(await client.ListWorkspacesAsync(ct).ToListAsync(ct), parse.GetValue(Workspace));

        var shownServer = serverUri.AbsoluteUri.TrimEnd('/');
        config.Profiles[profileName] = new ClientProfile(shownServer, workspace.Id, workspace.Name, key);
        await config.SaveAsync(path, ct);

        if (output.IsJson)
        {
            output.WriteJson(new { profile = profileName, server = shownServer, workspace, config = path });
        }
        else
        {
            output.WriteLine($"Logged in to {shownServer}, workspace '{workspace.Name}' ({workspace.Id}) of organization '{workspace.Organization.Name}'.");
            output.WriteLine($"Saved as profile '{profileName}' in {path}.");
        }

        return ClientExitCodes.Ok;
    }

    private static async Task<int> LogoutAsync(CommandOutput output, ParseResult parse, CancellationToken ct)
    {
        var profileName = ClientSession.ProfileNameFrom(parse.GetValue(ClientOptions.Profile));
        var path = ClientConfig.DefaultPath();
        var config = await ClientConfig.LoadAsync(path, ct);
        var removed = config.Profiles.Remove(profileName, out var profile);
        if (removed)
        {
            await config.SaveAsync(path, ct);
        }

        if (output.IsJson)
        {
            output.WriteJson(new { profile = profileName, removed });
        }
        else
        {
            output.WriteLine(removed
                ? $"Logged out: removed profile '{profileName}' ({profile!.Server}) from {path}."
                : $"There is no profile '{profileName}' in {path}; nothing to remove.");
        }

        return ClientExitCodes.Ok;
    }

    /// <summary>The key: from stdin when asked, else the environment, else a prompt that does not echo (on a terminal only).</summary>
    private static async Task<string> ReadKeyAsync(CommandOutput output, bool fromStdin, CancellationToken ct)
    {
        string? key;
        if (fromStdin)
        {
            key = await System.Console.In.ReadLineAsync(ct);
        }
        else if (NullIfEmpty(Environment.GetEnvironmentVariable(ApiKeyVariable)) is { } fromEnvironment)
        {
            key = fromEnvironment;
        }
        else if (output.IsTerminal && !System.Console.IsInputRedirected)
        {
            key = await output.Console.PromptAsync(new TextPrompt<string>("API key (from the workspace's API tab):").Secret(), ct);
        }
        else
        {
            throw new ClientUsageException($"No API key: there is no terminal to ask on. Set {ApiKeyVariable}, or pipe the key with --api-key-stdin.");
        }

        key = key?.Trim();
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            throw new ClientUsageException("The API key is empty or not one line of text.");
        }

        return key;
    }

    /// <summary>The key's workspace (a key sees its own only), checked against the one named with --workspace.</summary>
    private static WorkspaceResponse Choose(List<WorkspaceResponse> visible, string? wanted)
    {
        if (visible.Count == 0)
        {
            throw new ClientFailureException("no_workspace", "The key opens no workspace on this server.");
        }

        if (wanted is null)
        {
            return visible.Count == 1
                ? visible[0]
                : throw new ClientUsageException($"The credential opens {visible.Count} workspaces; name one with --workspace.");
        }

        return visible.FirstOrDefault(w => w.Id == wanted)
               ?? visible.FirstOrDefault(w => string.Equals(w.Name, wanted, StringComparison.Ordinal))
               ?? visible.FirstOrDefault(w => string.Equals(w.Name, wanted, StringComparison.OrdinalIgnoreCase))
               ?? throw new ClientFailureException("workspace_mismatch", visible.Count == 1
                   ? $"The key belongs to workspace '{visible[0].Name}' ({visible[0].Id}), not '{wanted}'. Use a key of that workspace, or leave out --workspace."
                   : $"The credential opens no workspace '{wanted}'.");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
