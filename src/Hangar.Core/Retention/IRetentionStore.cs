using Hangar.Core.Storage;

namespace Hangar.Core.Retention;

/// <summary>Deleting expired runs in small batches, the queue of blobs left to delete, and what a workspace stores.</summary>
public interface IRetentionStore
{
    /// <summary>The workspaces whose finished runs expire (those that keep runs forever are left out).</summary>
    Task<IReadOnlyList<WorkspaceRetention>> ListRetentionsAsync(CancellationToken ct);

    /// <summary>
    /// In one short transaction, deletes up to <paramref name="max"/> finished runs (completed, unresolved, stopped) of
    /// the workspace that ended before <paramref name="endedBefore"/>, oldest end first, with their step runs, work items,
    /// item files, console lines, events and artifacts, and queues the keys of their blobs (<see cref="BlobDeletion"/>)
    /// in the same transaction. Answers how many runs it deleted. Two sweeps at once never delete a run twice.
    /// </summary>
    Task<int> DeleteExpiredRunsAsync(string workspaceId, DateTimeOffset endedBefore, int max, DateTimeOffset now, CancellationToken ct);

    /// <summary>Blobs whose rows are gone, oldest first.</summary>
    Task<IReadOnlyList<BlobDeletion>> ListBlobDeletionsAsync(int max, CancellationToken ct);

    /// <summary>Removes queued deletions whose blobs have been deleted.</summary>
    Task ForgetBlobDeletionsAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    /// <summary>
    /// Gives up to <paramref name="maxPages"/> free pages of the database file back to the file system (SQLite's
    /// incremental vacuum) and answers how many it gave; 0 on PostgreSQL, whose own vacuum makes the space reusable.
    /// </summary>
    Task<long> ReclaimSpaceAsync(int maxPages, CancellationToken ct);

    /// <summary>What the workspace stores, counted from indexed rows and the sizes stored with its files.</summary>
    Task<WorkspaceUsage> MeasureAsync(string workspaceId, CancellationToken ct);
}
