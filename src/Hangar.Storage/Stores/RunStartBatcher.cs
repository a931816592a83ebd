using System.Threading.Channels;
using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Schedules;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Stores;

/// <summary>
/// Group commit of run starts on SQLite. SQLite has one writer, and each commit writes every page the transaction
/// touched (runs, items, step runs and their indexes) to the WAL: one transaction per trigger made the commit the
/// bottleneck. Here concurrent triggers queue, and one writer takes whatever has queued into a single transaction,
/// each trigger under its own savepoint, so a refused trigger (a work item taken meanwhile, a reused idempotency key)
/// fails alone while the others commit. A trigger is answered only after its batch has committed.
/// </summary>
internal sealed class RunStartBatcher(IServiceScopeFactory scopes, WriteGate writeGate)
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

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        using var turn = await writeGate.EnterAsync(CancellationToken.None);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var written = new List<Pending>(batch.Count);
        foreach (var pending in batch)
        {
            await transaction.CreateSavepointAsync("run_start");
            try
            {
                await EfRunStore.WriteStartAsync(db, pending.ProcessId, pending.Plans, pending.Idempotency, pending.Claim, CancellationToken.None);
                await transaction.ReleaseSavepointAsync("run_start");
                written.Add(pending);
            }
            catch (Exception ex)
            {
                await transaction.RollbackToSavepointAsync("run_start");
                db.ChangeTracker.Clear();
                pending.Done.TrySetException(ex is DbUpdateException update && DbErrors.IsUniqueViolation(update) ? EfRunStore.UniqueRefusal(pending.Claim) : ex);
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
