namespace Hangar.Server.Ui;

/// <summary>A link token just created, as the page that created it shows it once: its value and the command that uses it.</summary>
/// <param name="Value">The token (<c>hgl_...</c>).</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="Reusable">Group tokens link any number of workers; workspace tokens one.</param>
/// <param name="ServerUrl">This server's URL as the browser reached it, for the worker's <c>--server</c>.</param>
public sealed record LinkTokenShown(string Value, DateTimeOffset? ExpiresAt, bool Reusable, string ServerUrl)
{
    public string Command => $"hangar worker link {Value} --name \"$(hostname)\" --server {ServerUrl}";

    /// <summary>
    /// Whether the server URL names this machine only (localhost, 127.0.0.0/8, ::1): a worker on another machine would
    /// call itself, so the page says how to give the server a URL others can reach.
    /// </summary>
    public bool ServerIsLoopback =>
        Uri.TryCreate(ServerUrl, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase));

    /// <summary>The <c>hangar serve</c> flags that make this server reachable from other machines: every address, and this host's name as the URL.</summary>
    public string ReachableServeCommand
    {
        get
        {
            var uri = new Uri(ServerUrl);
            return $"hangar serve --urls {uri.Scheme}://0.0.0.0:{uri.Port} --public-url {uri.Scheme}://{System.Net.Dns.GetHostName().ToLowerInvariant()}:{uri.Port}";
        }
    }
}
