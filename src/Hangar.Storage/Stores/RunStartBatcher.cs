using System.Threading.Channels;
using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Schedules;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Stores;

/// <summary>
/// Group commit of run starts. Concurrent triggers queue, and one writer takes whatever has queued into a single
/// transaction; a trigger is answered only after its batch has committed.
/// <list type="bullet">
/// <item>SQLite has one writer, and each commit writes every page the transaction touched (runs, items, step runs and
/// their indexes) to the WAL: one transaction per trigger made the commit the bottleneck. Each trigger of a batch gets
/// its own savepoint (cheap in-process), so a refused trigger (a work item taken meanwhile, a reused idempotency key)
/// fails alone while the others commit.</item>
/// <item>On PostgreSQL a trigger's transaction holds its process's row lock (run numbering) from the first statement
/// to the commit, so one transaction per trigger serialized every trigger of a process on round trips and a WAL
/// flush. A batch takes each process's numbers in one statement, writes every run in one round trip and commits
/// once. Savepoints would cost round trips per trigger, so a batch is written optimistically: when any trigger in it
/// is refused, the batch is rolled back and its triggers are written one by one, each in its own transaction, so
/// that each gets its own answer. Triggers that take queued work items or claim a schedule's time are refused more
/// often and write alone from the start.</item>
/// </list>
/// </summary>
internal sealed class RunStartBatcher(IServiceScopeFactory scopes, WriteGate writeGate, DatabaseSettings settings, Core.Observability.HangarMetrics metrics)
{
    private const int MaxBatch = 128;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private int _started;

    public Task SubmitAsync(string processId, IReadOnlyList<RunPlan> plans, IdempotencyRecord? idempotency, ScheduleClaim? claim, CancellationToken ct)
    {
        var pending = new Pending(processId, plans, idempotency, claim);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The run start queue is closed.");
        }

        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        // A caller that gives up still gets its runs written if they were queued: the answer is lost, not the work.
        return pending.Done.Task.WaitAsync(ct);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            metrics.GroupCommit(batch.Count);
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                // The batch's transaction failed as a whole (the database went away, say): every trigger in it fails.
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(ex);
                }
            }

            batch.Clear();
        }
    }

    private Task WriteBatchAsync(List<Pending> batch) =>
        settings.Provider == DatabaseProvider.Postgres ? WriteBatchOptimisticallyAsync(batch) : WriteBatchWithSavepointsAsync(batch);

    private async Task WriteBatchOptimisticallyAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
            var notifier = scope.ServiceProvider.GetRequiredService<DispatchNotifier>();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await using (var writer = new RunStartWriter(db, settings.Provider, notifier))
                {
                    await EfRunStore.WriteStartsAsync(writer, batch.Select(p => (p.ProcessId, p.Plans, p.Idempotency)).ToList(), CancellationToken.None);
                }

                await transaction.CommitAsync();
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }

                return;
            }
            catch (Exception ex) when (!DatabaseOutage.Is(ex))
            {
                // One of them was refused (or the batch as a whole failed): each is written again on its own below.
            }
        }

        foreach (var pending in batch)
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = (EfRunStore)scope.ServiceProvider.GetRequiredService<Core.Stores.IRunStore>();
            try
            {
                await store.StartAloneAsync(pending.ProcessId, pending.Plans, pending.Idempotency, pending.Claim, CancellationToken.None);
                pending.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private async Task WriteBatchWithSavepointsAsync(List<Pending> batch)
    {
        using var turn = await writeGate.EnterAsync(CancellationToken.None);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Its prepared statements serve the whole batch.
        await using var writer = new RunStartWriter(db, settings.Provider, scope.ServiceProvider.GetRequiredService<DispatchNotifier>());
        var written = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            await writer.SavepointAsync(CancellationToken.None);
            try
            {
                await EfRunStore.WriteStartAsync(db, writer, pending.ProcessId, pending.Plans, pending.Idempotency, pending.Claim, notify: false,
                    CancellationToken.None);
                await writer.ReleaseSavepointAsync(CancellationToken.None);
                // A schedule's fire saved through the context need not stay tracked.
                db.ChangeTracker.Clear();
                written.Add(pending);
            }
            catch (Exception ex)
            {
                await writer.RollbackToSavepointAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                pending.Done.TrySetException(DbErrors.IsUniqueViolation(ex) ? EfRunStore.UniqueRefusal(pending.Claim) : ex);
            }
        }

        await transaction.CommitAsync();
        foreach (var pending in written)
        {
            pending.Done.TrySetResult();
        }
    }

    private sealed record Pending(string ProcessId, IReadOnlyList<RunPlan> Plans, IdempotencyRecord? Idempotency, ScheduleClaim? Claim)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
