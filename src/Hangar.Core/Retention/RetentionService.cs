using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Storage;
using Hangar.Core.Stores;

namespace Hangar.Core.Retention;

/// <summary>
/// A workspace's run retention (how many days finished runs are kept, or forever) and the sweep that enforces it:
/// expired runs are deleted in small batches, their blobs after their rows, and the database file shrinks on SQLite.
/// Route-level permissions are checked before these methods run.
/// </summary>
public sealed class RetentionService(IWorkspaceStore workspaces, IRetentionStore store, IBlobStore blobs, AuditLog audit, TimeProvider time)
{
    /// <summary>Days finished runs are kept in the workspace; null keeps them forever.</summary>
    public async Task<int?> GetRunRetentionAsync(string workspaceId, CancellationToken ct) =>
        (await workspaces.FindAsync(workspaceId, ct) ?? throw HangarException.NotFound("The workspace")).RunRetentionDays;

    /// <summary>Sets how many days finished runs are kept (null: forever). A change is audited; setting the same value is not a change.</summary>
    public async Task<int?> SetRunRetentionAsync(Caller caller, string workspaceId, int? days, CancellationToken ct)
    {
        if (days is < RetentionLimits.MinRunRetentionDays or > RetentionLimits.MaxRunRetentionDays)
        {
            throw HangarException.Invalid("invalid_run_retention",
                $"'run_retention_days' must be a whole number of days from {RetentionLimits.MinRunRetentionDays} to {RetentionLimits.MaxRunRetentionDays}, "
                + "or null to keep runs forever.");
        }

        var workspace = await workspaces.FindAsync(workspaceId, ct) ?? throw HangarException.NotFound("The workspace");
        var before = workspace.RunRetentionDays;
        if (before == days)
        {
            return days;
        }

        workspace.RunRetentionDays = days;
        await workspaces.SaveAsync(workspace, ct);
        await audit.RecordAsync(caller, AuditActions.WorkspaceSettingsChanged,
            new AuditTarget("workspace", workspace.Id, $"run retention: {Describe(before)} → {Describe(days)}", workspace.Id, workspace.OrganizationId), ct);
        return days;
    }

    public Task<WorkspaceUsage> GetUsageAsync(string workspaceId, CancellationToken ct) => store.MeasureAsync(workspaceId, ct);

    /// <summary>"90 days", "1 day" or "forever".</summary>
    public static string Describe(int? days) => days switch
    {
        null => "forever",
        1 => "1 day",
        _ => $"{days} days",
    };

    /// <summary>
    /// Deletes every expired run of every workspace, batch after batch, each batch in its own short transaction; after
    /// each batch, deletes the batch's blobs and gives free pages back. Stops between batches when
    /// <paramref name="keepGoing"/> says so (the node stopped leading) or <paramref name="ct"/> is cancelled; the next
    /// sweep goes on from there. Blobs queued by an interrupted sweep, or by a run deleted by hand, go first.
    /// </summary>
    public async Task<RetentionSweep> SweepAsync(Func<bool> keepGoing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keepGoing);
        var now = time.GetUtcNow();
        var runs = 0;
        var deletedBlobs = await DeleteQueuedBlobsAsync(ct);
        long pages = 0;
        foreach (var retention in await store.ListRetentionsAsync(ct))
        {
            var cutoff = now - TimeSpan.FromDays(retention.Days);
            while (keepGoing() && !ct.IsCancellationRequested)
            {
                var deleted = await store.DeleteExpiredRunsAsync(retention.WorkspaceId, cutoff, RetentionLimits.RunsPerBatch, now, ct);
                if (deleted == 0)
                {
                    break;
                }

                runs += deleted;
                deletedBlobs += await DeleteQueuedBlobsAsync(ct);
                pages += await store.ReclaimSpaceAsync(RetentionLimits.PagesPerReclaim, ct);
                if (deleted < RetentionLimits.RunsPerBatch)
                {
                    break;
                }
            }
        }

        // What the batches freed beyond their own reclaim steps, still one bounded step at a time.
        while (runs > 0 && keepGoing() && !ct.IsCancellationRequested)
        {
            var freed = await store.ReclaimSpaceAsync(RetentionLimits.PagesPerReclaim, ct);
            if (freed == 0)
            {
                break;
            }

            pages += freed;
        }

        return new RetentionSweep(runs, deletedBlobs, pages);
    }

    /// <summary>Deletes the queued blobs, then forgets them: a crash in between only deletes a missing blob again.</summary>
    private async Task<int> DeleteQueuedBlobsAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var queued = await store.ListBlobDeletionsAsync(RetentionLimits.BlobsPerBatch, ct);
            foreach (var deletion in queued)
            {
                try
                {
                    await blobs.DeleteAsync(deletion.BlobKey, ct);
                }
                catch (ArgumentException)
                {
                    // Not a key any blob could have been stored under: there is nothing to delete, and keeping it queued would jam the queue.
                }
            }

            if (queued.Count > 0)
            {
                await store.ForgetBlobDeletionsAsync(queued.Select(d => d.Id).ToList(), ct);
            }

            total += queued.Count;
            if (queued.Count < RetentionLimits.BlobsPerBatch)
            {
                return total;
            }
        }
    }
}
