namespace Hangar.Core.Storage;

/// <summary>
/// Where files live: packages, artifacts, work item files, assets. Keys are <c>/</c>-separated paths such as
/// <c>ws/{workspaceId}/packages/{versionId}.zip</c> (see <see cref="BlobKeys"/>). The operations are those of an object
/// store (put, get, head, delete) so that the filesystem store and an S3-compatible one are interchangeable.
/// A blob is written whole or not at all: readers never see a partial blob.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>, replacing any blob there, and returns its size and SHA-256.</summary>
    Task<BlobInfo> PutAsync(string key, Stream content, CancellationToken ct);

    /// <summary>The blob's content and size, or null when there is no blob under <paramref name="key"/>. The caller disposes it.</summary>
    Task<BlobContent?> OpenReadAsync(string key, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>Removes the blob; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>
    /// Every blob in the store, in no particular order (for housekeeping and for moving an install to another store).
    /// Only keys <see cref="BlobKeys"/> accepts are listed; blobs deleted while the listing runs may or may not appear.
    /// </summary>
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken ct);

    /// <summary>Throws when the store cannot be used now (folder missing or not writable, bucket unreachable), for readiness.</summary>
    Task CheckAsync(CancellationToken ct);
}
