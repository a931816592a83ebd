using System.Data.Common;
using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Stores;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using static Hangar.Storage.Database.SqlParameters;

namespace Hangar.Storage.Stores;

internal sealed class EfDispatchStore(HangarDbContext db, WriteGate writeGate, DatabaseSettings settings, DispatchNotifier notifier, WebhookOutbox outbox)
    : IDispatchStore
{
    private bool Postgres => settings.Provider == DatabaseProvider.Postgres;

    /// <summary>
    /// One statement: UPDATE ... WHERE id = (oldest eligible) RETURNING id. On PostgreSQL the inner SELECT skips rows
    /// other claims have locked, so concurrent workers take different step runs without waiting; on SQLite the write
    /// gate runs the statement alone.
    /// </summary>
    public async Task<StepRun?> ClaimAsync(string workerId, string workspaceId, DateTimeOffset at, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var lockClause = Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;
        var sql = "UPDATE step_runs SET state = 'InProgress', worker_id = @worker, lease_expires_at = @lease, started_at = @at, "
                  + "state_updated_at = @at, attempt = attempt + 1, error_code = NULL "
                  + "WHERE state = 'AwaitingWorker' AND id = (SELECT s.id FROM step_runs s WHERE s.state = 'AwaitingWorker' AND s.workspace_id = @ws "
                  + "AND (s.worker_group_id IS NULL OR s.worker_group_id IN (SELECT m.worker_group_id FROM worker_group_members m WHERE m.worker_id = @worker)) "
                  + $"ORDER BY s.created_at, s.id LIMIT 1{lockClause}) RETURNING id";
        string? id;
        using (await writeGate.EnterAsync(ct))
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = sql;
                Add(command, "@worker", workerId);
                Add(command, "@lease", Time(leaseUntil));
                Add(command, "@at", Time(at));
                Add(command, "@ws", workspaceId);
                id = await command.ExecuteScalarAsync(ct) as string;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return id is null ? null : await db.StepRuns.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    public async Task<bool> RenewLeaseAsync(string stepRunId, string workerId, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.StepRuns.Where(s => s.Id == stepRunId && s.WorkerId == workerId && s.State == StepRunState.InProgress)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseExpiresAt, leaseUntil), ct) == 1;
    }

    public async Task<bool> EndAsync(string stepRunId, string workerId, StepRunState state, string? errorCode, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.StepRuns.Where(s => s.Id == stepRunId && s.WorkerId == workerId && s.State == StepRunState.InProgress)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, state)
                .SetProperty(s => s.ErrorCode, errorCode)
                .SetProperty(s => s.StateUpdatedAt, at)
                .SetProperty(s => s.EndedAt, at)
                .SetProperty(s => s.LeaseExpiresAt, (DateTimeOffset?)null), ct) == 1;
    }

    public async Task<IReadOnlyList<StepRun>> ListLapsedAsync(DateTimeOffset at, int limit, CancellationToken ct) =>
        await db.StepRuns.AsNoTracking().Where(s => s.State == StepRunState.InProgress && s.LeaseExpiresAt < at)
            .OrderBy(s => s.LeaseExpiresAt).Take(limit).ToListAsync(ct);

    public Task<bool> RequeueLapsedAsync(string stepRunId, DateTimeOffset at, CancellationToken ct) =>
        RequeueAsync(db.StepRuns.Where(s => s.Id == stepRunId && s.State == StepRunState.InProgress && s.LeaseExpiresAt < at), stepRunId, at, ct);

    public Task<bool> RequeueReleasedAsync(string stepRunId, string workerId, DateTimeOffset at, CancellationToken ct) =>
        RequeueAsync(db.StepRuns.Where(s => s.Id == stepRunId && s.State == StepRunState.InProgress && s.WorkerId == workerId), stepRunId, at, ct);

    private async Task<bool> RequeueAsync(IQueryable<StepRun> held, string stepRunId, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        // One transaction: whoever claims the step run again (on any node, woken by the notification) finds its items
        // pending, never still held by the attempt that ended.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var requeued = await held
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, StepRunState.AwaitingWorker)
                .SetProperty(s => s.StateUpdatedAt, at)
                .SetProperty(s => s.WorkerId, (string?)null)
                .SetProperty(s => s.LeaseExpiresAt, (DateTimeOffset?)null), ct) == 1;
        if (requeued)
        {
            await db.WorkItems.Where(w => w.StepRunId == stepRunId && w.State == WorkItemState.InProgress)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(w => w.State, WorkItemState.Pending)
                    .SetProperty(w => w.StateUpdatedAt, at)
                    .SetProperty(w => w.ExceptionType, (WorkItemExceptionType?)null)
                    .SetProperty(w => w.ExceptionCode, (string?)null)
                    .SetProperty(w => w.ExceptionMessage, (string?)null), ct);
            await notifier.NotifyAsync(db, ct);
        }

        await transaction.CommitAsync(ct);
        return requeued;
    }

    public async Task<bool> FailLapsedAsync(string stepRunId, string errorCode, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.StepRuns.Where(s => s.Id == stepRunId && s.State == StepRunState.InProgress && s.LeaseExpiresAt < at)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, StepRunState.Failed)
                .SetProperty(s => s.ErrorCode, errorCode)
                .SetProperty(s => s.StateUpdatedAt, at)
                .SetProperty(s => s.EndedAt, at)
                .SetProperty(s => s.LeaseExpiresAt, (DateTimeOffset?)null), ct) == 1;
    }

    public async Task<int> ReleaseHeldItemsAsync(string stepRunId, WorkItemState state, WorkItemExceptionType? type, string? code, string? message,
        DateTimeOffset at, CancellationToken ct)
    {
        at = Microseconds(at);
        using var turn = await writeGate.EnterAsync(ct);
        var held = db.WorkItems.Where(w => w.StepRunId == stepRunId);
        return await SetItemsAsync(held.Where(w => w.State == WorkItemState.InProgress), held, state, type, code, message, at, ct);
    }

    public async Task<int> FailUnprocessedItemsAsync(string processRunId, string stepId, DateTimeOffset at, CancellationToken ct)
    {
        at = Microseconds(at);
        using var turn = await writeGate.EnterAsync(ct);
        var ofStep = db.WorkItems.Where(w => w.ProcessRunId == processRunId && w.StepId == stepId);
        return await SetItemsAsync(ofStep.Where(w => w.State == WorkItemState.Pending), ofStep, WorkItemState.Failed, WorkItemExceptionType.Orchestrator,
            "not_processed", "Every step run of the step ended before reserving this item.", at, ct);
    }

    /// <summary>
    /// Moves <paramref name="items"/> to <paramref name="state"/>. Items it fails are reported (<c>work_item.failed</c>)
    /// in the same transaction: read back from <paramref name="scope"/> as the ones failed at this very instant with
    /// this code (a repeat from a racing change at the same microsecond would only repeat an event, which at-least-once
    /// allows).
    /// </summary>
    private Task<int> SetItemsAsync(IQueryable<WorkItem> items, IQueryable<WorkItem> scope, WorkItemState state, WorkItemExceptionType? type,
        string? code, string? message, DateTimeOffset at, CancellationToken ct)
    {
        Task<int> Change() => items.ExecuteUpdateAsync(u => u
            .SetProperty(w => w.State, state)
            .SetProperty(w => w.StateUpdatedAt, at)
            .SetProperty(w => w.ExceptionType, type)
            .SetProperty(w => w.ExceptionCode, code)
            .SetProperty(w => w.ExceptionMessage, message), ct);
        if (state != WorkItemState.Failed)
        {
            return Change();
        }

        return outbox.InTransactionAsync(Change, async changed => changed == 0
            ? 0
            : await outbox.ItemsFailedAsync(await scope.AsNoTracking()
                .Where(w => w.State == WorkItemState.Failed && w.StateUpdatedAt == at && w.ExceptionCode == code).ToListAsync(ct), at, ct), ct);
    }

    /// <summary>
    /// A time as both databases keep it (PostgreSQL to the microsecond), so that rows written with it can be found by it
    /// again within the transaction.
    /// </summary>
    private static DateTimeOffset Microseconds(DateTimeOffset at) => at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMicrosecond));

    public Task<int> CountOpenStepRunsAsync(string processRunId, CancellationToken ct) =>
        db.StepRuns.CountAsync(s => s.ProcessRunId == processRunId && s.State != StepRunState.Completed && s.State != StepRunState.Failed, ct);

    public Task<int> CountStepRunsAsync(string processRunId, CancellationToken ct) =>
        db.StepRuns.CountAsync(s => s.ProcessRunId == processRunId, ct);

    public Task<int> CountItemsAsync(string processRunId, string? stepId, WorkItemState state, CancellationToken ct) =>
        stepId is null
            ? db.WorkItems.CountAsync(w => w.ProcessRunId == processRunId && w.State == state, ct)
            : db.WorkItems.CountAsync(w => w.ProcessRunId == processRunId && w.StepId == stepId && w.State == state, ct);

    public async Task<bool> MarkRunStartedAsync(string processRunId, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await outbox.InTransactionAsync(
            async () => await db.ProcessRuns.Where(r => r.Id == processRunId && r.State == ProcessRunState.New)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.State, ProcessRunState.InProgress)
                    .SetProperty(r => r.StartedAt, at)
                    .SetProperty(r => r.StateUpdatedAt, at), ct) == 1,
            started => started ? outbox.RunMovedAsync(processRunId, ProcessRunState.InProgress, at, ct) : Task.FromResult(0), ct);
    }

    public async Task<bool> AdvanceRunAsync(string processRunId, int fromStep, int toStep, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.ProcessRuns.Where(r => r.Id == processRunId && r.CurrentStep == fromStep
                                               && (r.State == ProcessRunState.InProgress || r.State == ProcessRunState.New))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.CurrentStep, toStep)
                .SetProperty(r => r.State, ProcessRunState.InProgress)
                .SetProperty(r => r.StateUpdatedAt, at), ct) == 1;
    }

    public async Task<bool> EndRunAsync(string processRunId, IReadOnlyCollection<ProcessRunState> fromStates, ProcessRunState toState, DateTimeOffset at,
        CancellationToken ct)
    {
        var states = fromStates.ToList();
        using var turn = await writeGate.EnterAsync(ct);
        return await outbox.InTransactionAsync(
            async () => await db.ProcessRuns.Where(r => r.Id == processRunId && states.Contains(r.State))
                .ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.State, toState)
                    .SetProperty(r => r.StateUpdatedAt, at)
                    .SetProperty(r => r.EndedAt, at), ct) == 1,
            ended => ended ? outbox.RunMovedAsync(processRunId, toState, at, ct) : Task.FromResult(0), ct);
    }

    public async Task<bool> BeginStopAsync(string processRunId, IReadOnlyCollection<ProcessRunState> fromStates, bool terminateOngoing,
        bool setRemainingDone, string? reason, DateTimeOffset at, CancellationToken ct)
    {
        var states = fromStates.ToList();
        using var turn = await writeGate.EnterAsync(ct);
        return await db.ProcessRuns.Where(r => r.Id == processRunId && states.Contains(r.State))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.State, ProcessRunState.Stopping)
                .SetProperty(r => r.StopTerminatesOngoing, terminateOngoing)
                .SetProperty(r => r.StopSetsRemainingDone, setRemainingDone)
                .SetProperty(r => r.StopReason, reason)
                .SetProperty(r => r.StateUpdatedAt, at), ct) == 1;
    }

    public async Task<bool> FailQueuedStepRunAsync(string stepRunId, string errorCode, DateTimeOffset at, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        return await db.StepRuns.Where(s => s.Id == stepRunId && (s.State == StepRunState.New || s.State == StepRunState.AwaitingWorker))
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.State, StepRunState.Failed)
                .SetProperty(s => s.ErrorCode, errorCode)
                .SetProperty(s => s.StateUpdatedAt, at)
                .SetProperty(s => s.EndedAt, at), ct) == 1;
    }

    public async Task<int> SettleOpenItemsAsync(string processRunId, bool includeInProgress, WorkItemState state, WorkItemExceptionType? type,
        string? code, string? message, DateTimeOffset at, CancellationToken ct)
    {
        at = Microseconds(at);
        using var turn = await writeGate.EnterAsync(ct);
        var ofRun = db.WorkItems.Where(w => w.ProcessRunId == processRunId);
        return await SetItemsAsync(ofRun.Where(w => w.State == WorkItemState.Pending || (includeInProgress && w.State == WorkItemState.InProgress)),
            ofRun, state, type, code, message, at, ct);
    }

    public async Task AddStepRunsAsync(IReadOnlyList<StepRun> stepRuns, IReadOnlyList<StepRunEvent> events, CancellationToken ct)
    {
        db.StepRuns.AddRange(stepRuns);
        db.StepRunEvents.AddRange(events);
        using var turn = await writeGate.EnterAsync(ct);
        await notifier.SaveAndNotifyAsync(db, ct);
    }

    public async Task AddEventAsync(StepRunEvent stepRunEvent, CancellationToken ct)
    {
        db.StepRunEvents.Add(stepRunEvent);
        using var turn = await writeGate.EnterAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> AppendConsoleAsync(string stepRunId, IReadOnlyList<ConsoleMessage> messages, CancellationToken ct)
    {
        var sequences = messages.Select(m => m.Sequence).ToList();
        using var turn = await writeGate.EnterAsync(ct);
        var stored = await db.ConsoleMessages.AsNoTracking().Where(m => m.StepRunId == stepRunId && sequences.Contains(m.Sequence))
            .Select(m => m.Sequence).ToListAsync(ct);
        var fresh = messages.Where(m => !stored.Contains(m.Sequence)).DistinctBy(m => m.Sequence).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        db.ConsoleMessages.AddRange(fresh);
        try
        {
            await db.SaveChangesAsync(ct);
            return fresh.Count;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // A concurrent retry of the same batch stored these lines first: the lines are there, which is what matters.
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    public async Task<string?> AddArtifactAsync(Artifact artifact, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var replaced = await db.Artifacts.AsNoTracking().Where(a => a.StepRunId == artifact.StepRunId && a.Name == artifact.Name)
            .Select(a => new { a.Id, a.BlobKey }).FirstOrDefaultAsync(ct);
        if (replaced is not null)
        {
            await db.Artifacts.Where(a => a.Id == replaced.Id).ExecuteDeleteAsync(ct);
        }

        db.Artifacts.Add(artifact);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return replaced?.BlobKey;
    }

    private object Time(DateTimeOffset at) => SqlParameters.Time(settings.Provider, at);
}
