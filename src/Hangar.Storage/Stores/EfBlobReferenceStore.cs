using Hangar.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>
/// Finds the rows that name blobs by their primary keys, which the blob layout carries, so that a check costs index
/// look-ups whatever the tables' size: <c>ws/{ws}/packages/{version}.zip</c>, <c>ws/{ws}/artifacts/{step run}/{artifact}</c>,
/// <c>ws/{ws}/work-items/{item}/{file}</c> and <c>ws/{ws}/assets/{asset}/{upload}</c>. A key of any other shape counts
/// as named: what Hangar did not lay out, it does not delete.
/// </summary>
internal sealed class EfBlobReferenceStore(HangarDbContext db) : IBlobReferenceStore
{
    public async Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var versions = new List<string>();
        var artifacts = new List<string>();
        var files = new List<string>();
        var assets = new List<string>();
        foreach (var key in keys)
        {
            var parts = key.Split('/');
            switch (parts)
            {
                case ["ws", _, "packages", var zip] when zip.EndsWith(".zip", StringComparison.Ordinal):
                    versions.Add(zip[..^4]);
                    break;
                case ["ws", _, "artifacts", _, var id]:
                    artifacts.Add(id);
                    break;
                case ["ws", _, "work-items", _, var id]:
                    files.Add(id);
                    break;
                case ["ws", _, "assets", var asset, _]:
                    assets.Add(asset);
                    break;
                default:
                    referenced.Add(key);
                    break;
            }
        }

        // Compared by key, not only by id: a row names exactly the blob it points at (an asset names its latest upload only).
        if (versions.Count > 0)
        {
            referenced.UnionWith(await db.TaskPackageVersions.AsNoTracking().Where(v => versions.Contains(v.Id)).Select(v => v.BlobKey).ToListAsync(ct));
        }

        if (artifacts.Count > 0)
        {
            referenced.UnionWith(await db.Artifacts.AsNoTracking().Where(a => artifacts.Contains(a.Id)).Select(a => a.BlobKey).ToListAsync(ct));
        }

        if (files.Count > 0)
        {
            referenced.UnionWith(await db.WorkItemFiles.AsNoTracking().Where(f => files.Contains(f.Id)).Select(f => f.BlobKey).ToListAsync(ct));
        }

        if (assets.Count > 0)
        {
            referenced.UnionWith(await db.Assets.AsNoTracking().Where(a => assets.Contains(a.Id) && a.BlobKey != null).Select(a => a.BlobKey!).ToListAsync(ct));
        }

        return referenced;
    }
}
