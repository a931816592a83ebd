using System.Net;
using Hangar.Contracts.V1;

namespace Hangar.Client;

/// <summary>
/// Ids from what a person types on a command line: an id or a name (names are unique in a workspace). One rule for
/// every kind, so the SDK and the <c>hangar</c> commands find the same object: a value with an id's shape is looked up
/// with one GET; any other value (or an id that is not there) is matched against the names of the list.
/// </summary>
public sealed partial class HangarClient
{
    /// <summary>A process's id from its id or its name. Throws <see cref="HangarApiException"/> <c>not_found</c> when neither matches.</summary>
    public Task<string> ResolveProcessIdAsync(string workspaceId, string idOrName, CancellationToken ct = default) =>
        ResolveIdAsync("process", idOrName,
            async () => (await GetProcessAsync(workspaceId, idOrName, ct)).Id,
            ListProcessesAsync(workspaceId, ct).Select(p => (p.Id, p.Name)), ct);

    /// <summary>A task package's (robot's) id from its id or its name. Throws <see cref="HangarApiException"/> <c>not_found</c> when neither matches.</summary>
    public Task<string> ResolveTaskPackageIdAsync(string workspaceId, string idOrName, CancellationToken ct = default) =>
        ResolveIdAsync("robot", idOrName,
            async () => (await GetTaskPackageAsync(workspaceId, idOrName, ct)).Id,
            ListTaskPackagesAsync(workspaceId, ct).Select(p => (p.Id, p.Name)), ct);

    /// <summary>A worker group's id from its id or its name. Throws <see cref="HangarApiException"/> <c>not_found</c> when neither matches.</summary>
    public Task<string> ResolveWorkerGroupIdAsync(string workspaceId, string idOrName, CancellationToken ct = default) =>
        ResolveIdAsync("worker group", idOrName,
            async () => (await GetWorkerGroupAsync(workspaceId, idOrName, ct)).Id,
            ListWorkerGroupsAsync(workspaceId, ct).Select(g => (g.Id, g.Name)), ct);

    private static async Task<string> ResolveIdAsync(string kind, string idOrName, Func<Task<string>> getById,
        IAsyncEnumerable<(string Id, string Name)> all, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        // Ids are UUIDs: one GET answers for them instead of paging through the whole list. A 404 still falls through
        // to the names, as a name may have an id's shape.
        if (idOrName.Length == 36 && Guid.TryParseExact(idOrName, "D", out _))
        {
            try
            {
                return await getById();
            }
            catch (HangarApiException e) when (e.Status == HttpStatusCode.NotFound)
            {
            }
        }

        await foreach (var (id, name) in all.WithCancellation(ct))
        {
            if (string.Equals(name, idOrName, StringComparison.Ordinal))
            {
                return id;
            }
        }

        throw new HangarApiException(HttpStatusCode.NotFound, "not_found", $"The workspace has no {kind} with the id or name '{idOrName}'.");
    }
}
