using Hangar.Client;

namespace Hangar.Cli.Client;

/// <summary>
/// The server, workspace and API key a client command uses, and a <see cref="HangarClient"/> for them. They come from
/// the environment (<c>HANGAR_SERVER</c>, <c>HANGAR_WORKSPACE</c>, <c>HANGAR_API_KEY</c>, for CI) over the saved
/// profile (<c>--profile</c> / <c>HANGAR_PROFILE</c>, else <c>default</c>).
/// </summary>
internal sealed class ClientSession : IDisposable
{
    private ClientSession(string profileName, Uri server, string workspaceId, HangarClient client)
    {
        ProfileName = profileName;
        Server = server;
        WorkspaceId = workspaceId;
        Client = client;
    }

    public string ProfileName { get; }
    public Uri Server { get; }
    public string WorkspaceId { get; }
    public HangarClient Client { get; }

    public static string ProfileNameFrom(string? option) =>
        option ?? NullIfEmpty(Environment.GetEnvironmentVariable("HANGAR_PROFILE")) ?? ClientConfig.DefaultProfile;

    public static async Task<ClientSession> OpenAsync(string? profileOption, CancellationToken ct)
    {
        var profileName = ProfileNameFrom(profileOption);
        var config = await ClientConfig.LoadAsync(ClientConfig.DefaultPath(), ct);
        config.Profiles.TryGetValue(profileName, out var saved);

        var server = NullIfEmpty(Environment.GetEnvironmentVariable("HANGAR_SERVER")) ?? saved?.Server;
        var workspace = NullIfEmpty(Environment.GetEnvironmentVariable("HANGAR_WORKSPACE")) ?? saved?.WorkspaceId;
        var key = NullIfEmpty(Environment.GetEnvironmentVariable("HANGAR_API_KEY")) ?? saved?.ApiKey;
        if (server is null || workspace is null || key is null)
        {
            var login = HangarInvocation.Hint(saved is null ? "hangar login --server URL" : "hangar login");
            throw new ClientUsageException(saved is null
                ? $"Not logged in (no profile '{profileName}'). Run '{login}' first, or set HANGAR_SERVER, HANGAR_WORKSPACE and HANGAR_API_KEY."
                : $"The profile '{profileName}' lacks a server, workspace or key. Run '{login}' again.");
        }

        var serverUri = ParseServer(server);
        return new ClientSession(profileName, serverUri, workspace, new HangarClient(serverUri).WithApiKey(key));
    }

    /// <summary>
    /// The server's URL as the client's base address: http(s), and ending in '/' so that a server under a path
    /// (<c>https://example.com/hangar</c>) keeps that path in front of the API's routes.
    /// </summary>
    public static Uri ParseServer(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || (serverUri.Scheme != Uri.UriSchemeHttp && serverUri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(serverUri.Query) || !string.IsNullOrEmpty(serverUri.Fragment))
        {
            throw new ClientUsageException($"'{server}' is not an http(s) URL of a Hangar server (such as http://127.0.0.1:8080).");
        }

        return serverUri.AbsolutePath.EndsWith('/') ? serverUri : new Uri(serverUri.AbsoluteUri + "/");
    }

    public void Dispose() => Client.Dispose();

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
