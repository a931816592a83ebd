using Hangar.Core.Domain;
using Hangar.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>
/// Deletes runs with everything that hangs off them, inside the caller's transaction: the keys of their blobs
/// (artifacts, work item files) are queued first (<see cref="BlobDeletion"/>), then the rows go, children before
/// parents, each kind in one set-based statement (cheaper than letting ON DELETE CASCADE visit row by row).
/// </summary>
internal static class RunDeletion
{
    public static async Task<int> DeleteAsync(HangarDbContext db, IReadOnlyCollection<string> runIds, DateTimeOffset now, CancellationToken ct)
    {
        var ids = runIds.ToList();
        var stepRuns = db.StepRuns.Where(s => ids.Contains(s.ProcessRunId)).Select(s => s.Id);
        var items = db.WorkItems.Where(w => w.ProcessRunId != null && ids.Contains(w.ProcessRunId)).Select(w => w.Id);
        var keys = await db.Artifacts.Where(a => stepRuns.Contains(a.StepRunId)).Select(a => a.BlobKey)
            .Concat(db.WorkItemFiles.Where(f => items.Contains(f.WorkItemId)).Select(f => f.BlobKey))
            .ToListAsync(ct);
        await QueueBlobsAsync(db, keys, now, ct);
        await db.ConsoleMessages.Where(m => stepRuns.Contains(m.StepRunId)).ExecuteDeleteAsync(ct);
        await db.StepRunEvents.Where(e => stepRuns.Contains(e.StepRunId)).ExecuteDeleteAsync(ct);
        await db.Artifacts.Where(a => stepRuns.Contains(a.StepRunId)).ExecuteDeleteAsync(ct);
        await db.WorkItemFiles.Where(f => items.Contains(f.WorkItemId)).ExecuteDeleteAsync(ct);
        await db.WorkItems.Where(w => w.ProcessRunId != null && ids.Contains(w.ProcessRunId)).ExecuteDeleteAsync(ct);
        await db.StepRuns.Where(s => ids.Contains(s.ProcessRunId)).ExecuteDeleteAsync(ct);
        return await db.ProcessRuns.Where(r => ids.Contains(r.Id)).ExecuteDeleteAsync(ct);
    }

    /// <summary>Queues blobs whose rows the caller deletes in the same transaction.</summary>
    public static async Task QueueBlobsAsync(HangarDbContext db, IReadOnlyCollection<string> keys, DateTimeOffset now, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return;
        }

        db.BlobDeletions.AddRange(keys.Select(k => new BlobDeletion { Id = Ids.New(), BlobKey = k, QueuedAt = now }));
        await db.SaveChangesAsync(ct);
    }
}
