using Hangar.Core.Stores;

namespace Hangar.Server;

/// <summary>Process names for run listings, looked up once per distinct process of a page.</summary>
public sealed class ProcessNames(IProcessStore processes)
{
    public async Task<IReadOnlyDictionary<string, string>> ForAsync(string workspaceId, IEnumerable<string> processIds, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in processIds.Distinct(StringComparer.Ordinal))
        {
            names[id] = (await processes.FindAsync(workspaceId, id, ct))?.Name ?? string.Empty;
        }

        return names;
    }
}
