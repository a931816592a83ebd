using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Cli.Client;

/// <summary>One saved login: which server, which workspace, and the workspace API key that reaches it.</summary>
internal sealed record ClientProfile(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("workspace_id")] string WorkspaceId,
    [property: JsonPropertyName("workspace_name")] string? WorkspaceName,
    [property: JsonPropertyName("api_key")] string ApiKey);

/// <summary>
/// The client commands' config file (<c>~/.config/hangar/config.json</c>, or under <c>$XDG_CONFIG_HOME</c>): named
/// profiles of <see cref="ClientProfile"/>. It holds API keys, so it is written for its owner only (mode 0600, in a
/// 0700 folder) and replaced atomically.
/// </summary>
internal sealed class ClientConfig
{
    public const string DefaultProfile = "default";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    [JsonPropertyName("profiles")]
    public Dictionary<string, ClientProfile> Profiles { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Where the config file is: <c>HANGAR_CONFIG</c> if set, else the XDG config folder.</summary>
    public static string DefaultPath()
    {
        var explicitPath = Environment.GetEnvironmentVariable("HANGAR_CONFIG");
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return Path.GetFullPath(explicitPath);
        }

        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome))
        {
            configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }

        return Path.Combine(configHome, "hangar", "config.json");
    }

    public static async Task<ClientConfig> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return new ClientConfig();
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ClientConfig>(stream, JsonOptions, ct) ?? new ClientConfig();
        }
        catch (JsonException e)
        {
            var login = HangarInvocation.Hint("hangar login");
            throw new ClientUsageException($"The config file {path} is not valid JSON ({e.Message}). Fix or delete it, then run '{login}' again.");
        }
    }

    public async Task SaveAsync(string path, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        {
            await JsonSerializer.SerializeAsync(stream, this, JsonOptions, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
