using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Schedules;
using Hangar.Core.Stats;
using Hangar.Core.Stores;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hangar.Storage.Stores;

internal sealed class EfRunStore(HangarDbContext db, WriteGate writeGate, DatabaseSettings settings, DispatchNotifier notifier, WebhookOutbox outbox,
    RunStartBatcher? batcher = null) : IRunStore
{
    public async Task StartAsync(string processId, IReadOnlyList<RunPlan> plans, IdempotencyRecord? idempotency, ScheduleClaim? claim,
        CancellationToken ct)
    {
        if (batcher is not null && (settings.Provider == DatabaseProvider.Sqlite || (claim is null && plans.All(p => p.QueuedItemIds.Count == 0))))
        {
            // Run starts from all requests are written together, one transaction per batch (see RunStartBatcher).
            await batcher.SubmitAsync(processId, plans, idempotency, claim, ct);
            return;
        }

        await StartAloneAsync(processId, plans, idempotency, claim, ct);
    }

    /// <summary>Writes one trigger's runs in a transaction of their own.</summary>
    internal async Task StartAloneAsync(string processId, IReadOnlyList<RunPlan> plans, IdempotencyRecord? idempotency, ScheduleClaim? claim,
        CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await using var writer = new RunStartWriter(db, settings.Provider, notifier);
            await WriteStartAsync(db, writer, processId, plans, idempotency, claim, notify: true, ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw UniqueRefusal(claim);
        }
        finally
        {
            // The schedule's fire is the only row saved through the context; nothing stays tracked.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Writes one trigger's runs inside the caller's transaction; a refusal leaves the transaction to be rolled back.</summary>
    internal static async Task WriteStartAsync(HangarDbContext db, RunStartWriter writer, string processId, IReadOnlyList<RunPlan> plans,
        IdempotencyRecord? idempotency, ScheduleClaim? claim, bool notify, CancellationToken ct)
    {
        var last = await writer.ReserveRunNumbersAsync(processId, plans.Count, ct);
        if (claim is not null)
        {
            // After the process row's lock, as a process's deletion takes its locks: process first, then its schedules.
            await ScheduleClaims.ClaimAsync(db, claim, plans.Count > 0 ? plans[0].Run.Id : null, ct);
        }

        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Run.Number = last - plans.Count + 1 + i;
        }

        await writer.InsertAsync([(plans, idempotency)], notify, ct);
        if (claim is not null)
        {
            // The claim's record of the time (after the run it names).
            await db.SaveChangesAsync(ct);
        }

        foreach (var plan in plans.Where(p => p.QueuedItemIds.Count > 0))
        {
            var ids = plan.QueuedItemIds.ToList();
            var runId = plan.Run.Id;
            var at = plan.Run.CreatedAt;
            var taken = await db.WorkItems
                .Where(w => ids.Contains(w.Id) && w.ProcessId == processId && w.State == WorkItemState.New)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.ProcessRunId, runId)
                    .SetProperty(w => w.StepId, plan.FirstStepId)
                    .SetProperty(w => w.State, WorkItemState.Pending)
                    .SetProperty(w => w.StateUpdatedAt, at), ct);
            if (taken != ids.Count)
            {
                throw HangarException.Conflict("work_item_not_available",
                    "A work item to start the run with is not waiting in this process's input queue (unknown, or taken by another run).");
            }
        }
    }

    /// <summary>
    /// Writes several triggers' runs (none taking queued items or claiming a schedule's time) inside the caller's
    /// transaction: each process's numbers in one statement, taken in process id order so that two nodes' batches
    /// lock the same rows in the same order, then every row, and the dispatch notification, in one round trip.
    /// </summary>
    internal static async Task WriteStartsAsync(RunStartWriter writer, IReadOnlyList<(string ProcessId, IReadOnlyList<RunPlan> Plans, IdempotencyRecord? Idempotency)> starts,
        CancellationToken ct)
    {
        foreach (var process in starts.GroupBy(s => s.ProcessId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var plans = process.SelectMany(s => s.Plans).ToList();
            var next = await writer.ReserveRunNumbersAsync(process.Key, plans.Count, ct) - plans.Count + 1;
            foreach (var plan in plans)
            {
                plan.Run.Number = next++;
            }
        }

        await writer.InsertAsync(starts.Select(s => (s.Plans, s.Idempotency)).ToList(), notify: true, ct);
    }

    /// <summary>What a unique index refusing a start means: the schedule's time was taken, or else the idempotency key was.</summary>
    internal static HangarException UniqueRefusal(ScheduleClaim? claim) => claim is null ? IdempotencyKeyInUse() : ScheduleClaims.Taken();

    /// <summary>A start refused by the idempotency key's unique index: a concurrent request with the same key won.</summary>
    internal static HangarException IdempotencyKeyInUse() =>
        HangarException.Conflict("idempotency_key_in_use", "Another request with this Idempotency-Key is being handled; retry shortly.");

    public Task<bool> HasActiveRunAsync(string workspaceId, string processId, CancellationToken ct) =>
        // By workspace and state first: the index on them holds the few active runs, not the process's whole history.
        db.ProcessRuns.AnyAsync(r => r.WorkspaceId == workspaceId
                                     && (r.State == ProcessRunState.New || r.State == ProcessRunState.InProgress || r.State == ProcessRunState.Stopping)
                                     && r.ProcessId == processId, ct);

    public Task<ProcessRun?> FindRunAsync(string workspaceId, string runId, CancellationToken ct) =>
        db.ProcessRuns.FirstOrDefaultAsync(r => r.Id == runId && r.WorkspaceId == workspaceId, ct);

    public Task<Page<ProcessRun>> ListRunsAsync(string workspaceId, RunFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.ProcessRuns.AsNoTracking().Where(r => r.WorkspaceId == workspaceId);
        if (filter.ProcessId is not null)
        {
            query = query.Where(r => r.ProcessId == filter.ProcessId);
        }

        if (filter.State is { } s)
        {
            query = query.Where(r => r.State == s);
        }

        // As StatsOutcomes counts an ended run: unresolved before any step run started is "failed to start".
        query = filter.Outcome switch
        {
            RunOutcome.Completed => query.Where(r => r.State == ProcessRunState.Completed),
            RunOutcome.Stopped => query.Where(r => r.State == ProcessRunState.Stopped),
            RunOutcome.Unresolved => query.Where(r => r.State == ProcessRunState.Unresolved && r.StartedAt != null),
            RunOutcome.FailedToStart => query.Where(r => r.State == ProcessRunState.Unresolved && r.StartedAt == null),
            _ => query,
        };

        if (filter.EndedFrom is { } from)
        {
            query = query.Where(r => r.EndedAt >= from);
        }

        if (filter.EndedBefore is { } before)
        {
            query = query.Where(r => r.EndedAt < before);
        }

        return query.ToKeysetPageAsync(r => r.Id, page, ct, descending: true);
    }

    public Task SaveAsync(CancellationToken ct) =>
        // A save that writes new step runs (an operator retrying items) queues them: the other nodes' workers are told.
        db.ChangeTracker.Entries<StepRun>().Any(e => e.State == EntityState.Added) ? notifier.SaveAndNotifyAsync(db, ct) : db.SaveChangesAsync(ct);

    public async Task DeleteRunAsync(ProcessRun run, DateTimeOffset now, CancellationToken ct)
    {
        // As retention deletes runs: the blobs of its artifacts and item files are queued with the rows' deletion, and
        // housekeeping deletes them.
        db.ChangeTracker.Clear();
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await RunDeletion.DeleteAsync(db, [run.Id], now, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    // Not tracked: no caller changes a step run through the context (every change is a conditional update), and a
    // run token's every request reads its step run.
    public Task<StepRun?> FindStepRunAsync(string workspaceId, string stepRunId, CancellationToken ct) =>
        CompiledRunQueries.StepRunAsync(db, settings.Provider, workspaceId, stepRunId, ct);

    public Task<Page<StepRun>> ListStepRunsAsync(string workspaceId, string processRunId, PageRequest page, CancellationToken ct)
    {
        var query = db.StepRuns.AsNoTracking().Where(s => s.ProcessRunId == processRunId && s.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(s => s.Id, page, ct);
    }

    public async Task<IReadOnlyList<StepRun>> ListOpenStepRunsAsync(string processRunId, CancellationToken ct) =>
        await db.StepRuns.Where(s => s.ProcessRunId == processRunId && s.State != StepRunState.Completed && s.State != StepRunState.Failed)
            .ToListAsync(ct);

    public async Task AddWorkItemAsync(WorkItem item, CancellationToken ct)
    {
        db.WorkItems.Add(item);
        await db.SaveChangesAsync(ct);
    }

    public Task AddStepRunAsync(StepRun stepRun, CancellationToken ct)
    {
        db.StepRuns.Add(stepRun);
        return Task.CompletedTask;
    }

    public void AddEvent(StepRunEvent stepRunEvent) => db.StepRunEvents.Add(stepRunEvent);

    public Task<WorkItem?> FindWorkItemAsync(string workspaceId, string id, CancellationToken ct) =>
        CompiledRunQueries.WorkItemAsync(db, settings.Provider, workspaceId, id, ct);

    public Task<OutputParent?> FindOutputParentAsync(string workspaceId, string workItemId, CancellationToken ct) =>
        CompiledRunQueries.OutputParentAsync(db, settings.Provider, workspaceId, workItemId, ct);

    public async Task<IReadOnlyList<WorkItem>> FindWorkItemsAsync(string workspaceId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var list = ids.ToList();
        return await db.WorkItems.Where(w => list.Contains(w.Id) && w.WorkspaceId == workspaceId).ToListAsync(ct);
    }

    public Task<Page<WorkItem>> ListWorkItemsAsync(string workspaceId, WorkItemFilter filter, PageRequest page, CancellationToken ct)
    {
        var query = db.WorkItems.AsNoTracking().Where(w => w.WorkspaceId == workspaceId);
        if (filter.ProcessId is not null)
        {
            query = query.Where(w => w.ProcessId == filter.ProcessId);
        }

        if (filter.ProcessRunId is not null)
        {
            query = query.Where(w => w.ProcessRunId == filter.ProcessRunId);
        }

        if (filter.State is { } state)
        {
            query = query.Where(w => w.State == state);
        }

        if (filter.ExceptionType is { } type)
        {
            query = query.Where(w => w.ExceptionType == type);
        }

        if (filter.ExceptionCode is { } code)
        {
            query = query.Where(w => w.ExceptionCode == code);
        }

        if (filter.UpdatedFrom is { } from)
        {
            query = query.Where(w => w.StateUpdatedAt >= from);
        }

        if (filter.UpdatedBefore is { } before)
        {
            query = query.Where(w => w.StateUpdatedAt < before);
        }

        if (filter.OnlyOutputs)
        {
            // Outputs of the run: items created by its last step (earlier steps' outputs became the next step's inputs).
            query = query.Where(w => w.ParentId != null && w.StepId == null);
        }

        return query.ToKeysetPageAsync(w => w.Id, page, ct);
    }

    // One statement takes the item (see WorkItemCommands).
    public async Task<string?> ReserveNextWorkItemAsync(StepRun stepRun, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await WorkItemCommands.ReserveNextAsync(db, settings.Provider, stepRun, at, ct);
    }

    public async Task<bool> ReleaseWorkItemAsync(string workItemId, string stepRunId, WorkItemRelease release, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(release);
        using var turn = await writeGate.EnterAsync(ct);
        // Conditional on the item still being held, so a release racing a stop or a second release changes nothing.
        Task<bool> Release() => WorkItemCommands.ReleaseAsync(db, settings.Provider, workItemId, stepRunId, release, at, ct);
        if (release.State != WorkItemState.Failed)
        {
            return await Release();
        }

        // A failed item is reported (work_item.failed) in the release's transaction.
        return await outbox.InTransactionAsync(Release, async released => released
            ? await outbox.ItemsFailedAsync(await db.WorkItems.AsNoTracking().Where(w => w.Id == workItemId).ToListAsync(ct), at, ct)
            : 0, ct);
    }

    public async Task<IReadOnlyList<WorkItem>> ListOpenWorkItemsAsync(string processRunId, CancellationToken ct) =>
        await db.WorkItems.Where(w => w.ProcessRunId == processRunId
                                      && (w.State == WorkItemState.Pending || w.State == WorkItemState.InProgress || w.State == WorkItemState.New))
            .ToListAsync(ct);

    public async Task DeleteWorkItemsAsync(IReadOnlyCollection<WorkItem> items, DateTimeOffset now, CancellationToken ct)
    {
        // The items' files go with them (ON DELETE CASCADE); their blobs are queued in the same transaction for
        // housekeeping to delete.
        var ids = items.Select(i => i.Id).ToList();
        var keys = await db.WorkItemFiles.Where(f => ids.Contains(f.WorkItemId)).Select(f => f.BlobKey).ToListAsync(ct);
        db.BlobDeletions.AddRange(keys.Select(k => new Core.Storage.BlobDeletion { Id = Ids.New(), BlobKey = k, QueuedAt = now }));
        db.WorkItems.RemoveRange(items);
        await db.SaveChangesAsync(ct);
    }

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string workspaceId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.WorkspaceId == workspaceId && r.Key == key, ct);

    public Task<int> ForgetIdempotencyAsync(string? workspaceId, string? key, DateTimeOffset cutoff, CancellationToken ct)
    {
        var query = db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff);
        if (workspaceId is not null && key is not null)
        {
            query = query.Where(r => r.WorkspaceId == workspaceId && r.Key == key);
        }

        return query.ExecuteDeleteAsync(ct);
    }
}
