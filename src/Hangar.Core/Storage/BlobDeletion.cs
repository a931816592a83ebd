namespace Hangar.Core.Storage;

/// <summary>
/// A blob whose row is gone and that is still to be deleted from the blob store. Written in the transaction that
/// deletes the rows, so a crash between that commit and the blob's deletion leaves a queued key, never an unreachable
/// file; the blob is deleted after the rows, so no row ever points to a missing blob.
/// </summary>
public sealed class BlobDeletion
{
    public required string Id { get; init; }
    public required string BlobKey { get; init; }
    public DateTimeOffset QueuedAt { get; init; }
}
