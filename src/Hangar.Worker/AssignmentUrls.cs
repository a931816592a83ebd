using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>
/// A worker reaches the server at the address it was linked with (the embedded worker at loopback, a worker on the
/// server's network at an internal name), which need not be the public URL the server builds links on. Robots run
/// beside their worker, so they reach the server the same way: the package URL and the <c>RC_*</c> hosts on the
/// server's public URL are moved onto the worker's own server address.
/// </summary>
public static class AssignmentUrls
{
    public static Assignment OnServer(Assignment assignment, Uri server)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(server);
        var from = assignment.ServerUrl?.TrimEnd('/');
        var to = server.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (string.IsNullOrEmpty(from) || string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return assignment;
        }

        var env = assignment.Env.ToDictionary(e => e.Key, e => Move(e.Value, from, to), StringComparer.Ordinal);
        return assignment with
        {
            Package = assignment.Package with { DownloadUrl = Move(assignment.Package.DownloadUrl, from, to) },
            Env = env,
            ServerUrl = to,
        };
    }

    private static string Move(string value, string from, string to) =>
        value.Equals(from, StringComparison.OrdinalIgnoreCase) ? to
        : value.StartsWith(from + "/", StringComparison.OrdinalIgnoreCase) || value.StartsWith(from + "?", StringComparison.OrdinalIgnoreCase)
            ? to + value[from.Length..]
            : value;
}
