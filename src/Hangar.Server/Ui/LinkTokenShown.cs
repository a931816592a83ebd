using Hangar.Core.Platform;

namespace Hangar.Server.Ui;

/// <summary>A link token just created, as the page that created it shows it once: its value and the command that uses it.</summary>
/// <param name="Value">The token (<c>hgl_...</c>).</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
/// <param name="Reusable">Group tokens link any number of workers; workspace tokens one.</param>
/// <param name="ServerUrl">This server's URL as the browser reached it, for the worker's <c>--server</c>.</param>
/// <param name="Hangar">How hangar is started on the server's machine.</param>
public sealed record LinkTokenShown(string Value, DateTimeOffset? ExpiresAt, bool Reusable, string ServerUrl, HangarCommand Hangar)
{
    public string Command => WorkerCommand($"hangar worker link {Value} --name \"$(hostname)\" --server {ServerUrl}");

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
            return Hangar.Format($"hangar serve --urls {uri.Scheme}://0.0.0.0:{uri.Port} --public-url {uri.Scheme}://{System.Net.Dns.GetHostName().ToLowerInvariant()}:{uri.Port}");
        }
    }

    /// <summary>
    /// A command for the worker's machine. With a loopback server URL that is this machine, so it is run as hangar is
    /// here; another machine runs the <c>hangar</c> installed there (docs/workers.md puts it on the PATH).
    /// </summary>
    public string WorkerCommand(string command) => (ServerIsLoopback ? Hangar : HangarCommand.OnPath).Format(command);
}
