namespace Hangar.Core.Storage;

/// <summary>Which blobs rows still name (for <see cref="OrphanBlobCollector"/>).</summary>
public interface IBlobReferenceStore
{
    /// <summary>
    /// The keys among <paramref name="keys"/> that a row names (a package version, an artifact, a work item file or an
    /// asset), or that do not follow a layout this store knows: those are never to be collected.
    /// </summary>
    Task<IReadOnlySet<string>> FindReferencedAsync(IReadOnlyCollection<string> keys, CancellationToken ct);
}
