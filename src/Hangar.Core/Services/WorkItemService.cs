using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Work items outside a robot: the process's input queue, payload edits, and the operator's retry / mark as done /
/// delete, which move an unresolved run on.
/// </summary>
public sealed class WorkItemService(IProcessStore processes, IRunStore runs, IDispatchStore runStates, IDispatchSignal dispatch, AuditLog audit,
    Observability.HangarMetrics metrics, TimeProvider time)
{
    /// <summary>Adds an item to the process's input queue (state new), for a later run to take.</summary>
    public async Task<WorkItem> CreateInputAsync(string workspaceId, string? processId, string? payload, CancellationToken ct)
    {
        var process = (Ids.IsWellFormed(processId) ? await processes.FindAsync(workspaceId, processId!, ct) : null)
                      ?? throw HangarException.NotFound("The process");
        var now = time.GetUtcNow();
        var item = new WorkItem
        {
            Id = Ids.New(),
            WorkspaceId = workspaceId,
            ProcessId = process.Id,
            State = WorkItemState.New,
            CreatedAt = now,
            StateUpdatedAt = now,
            Payload = Payloads.Check(payload),
        };
        await runs.AddWorkItemAsync(item, ct);
        return item;
    }

    public async Task<WorkItem> GetAsync(string workspaceId, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await runs.FindWorkItemAsync(workspaceId, id, ct) : null) ?? throw HangarException.NotFound("The work item");

    public Task<Page<WorkItem>> ListAsync(string workspaceId, WorkItemFilter filter, PageRequest page, CancellationToken ct) =>
        runs.ListWorkItemsAsync(workspaceId, filter, page, ct);

    /// <summary>Replaces an item's payload; not while a robot holds it.</summary>
    public async Task<WorkItem> SetPayloadAsync(string workspaceId, string id, string? payload, CancellationToken ct)
    {
        var item = await GetAsync(workspaceId, id, ct);
        if (item.State == WorkItemState.InProgress)
        {
            throw HangarException.Conflict("work_item_in_progress", "A robot is working on this item; change its payload when it is released.");
        }

        item.Payload = Payloads.Check(payload);
        await runs.SaveAsync(ct);
        return item;
    }

    public async Task ApplyBatchAsync(Caller caller, string workspaceId, BatchOperation operation, IReadOnlyList<string>? ids, CancellationToken ct)
    {
        if (ids is null || ids.Count is 0 or > RunLimits.MaxPayloadsPerTrigger || ids.Any(id => !Ids.IsWellFormed(id)))
        {
            throw HangarException.Invalid("invalid_work_item_ids", $"'work_item_ids' must list 1 to {RunLimits.MaxPayloadsPerTrigger} work item ids.");
        }

        var items = await runs.FindWorkItemsAsync(workspaceId, ids.Distinct(StringComparer.Ordinal).ToList(), ct);
        if (items.Count != ids.Distinct(StringComparer.Ordinal).Count())
        {
            throw HangarException.NotFound("A work item");
        }

        var now = time.GetUtcNow();
        switch (operation)
        {
            case BatchOperation.Delete:
                if (items.Any(i => i.State == WorkItemState.InProgress))
                {
                    throw HangarException.Conflict("work_item_in_progress", "A robot is working on one of these items.");
                }

                await runs.DeleteWorkItemsAsync(items, now, ct);
                break;
            case BatchOperation.Retry:
                foreach (var item in items)
                {
                    item.State = RunTransitions.Move(item.State, WorkItemState.Pending);
                    item.ExceptionType = null;
                    item.ExceptionCode = null;
                    item.ExceptionMessage = null;
                    item.StateUpdatedAt = now;
                }

                await QueueRetriesAsync(items, now, ct);
                break;
            case BatchOperation.MarkAsDone:
                foreach (var item in items)
                {
                    item.State = RunTransitions.Move(item.State, WorkItemState.Done);
                    item.StateUpdatedAt = now;
                }

                break;
        }

        await runs.SaveAsync(ct);
        if (operation != BatchOperation.Delete)
        {
            metrics.WorkItemMoved(operation == BatchOperation.Retry ? "pending" : "done", items.Count);
        }

        if (operation == BatchOperation.Retry)
        {
            // The retries are queued (and other nodes notified) by the save: wake this node's claims at once.
            dispatch.StepRunsQueued();
        }

        foreach (var runId in items.Select(i => i.ProcessRunId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await SettleAsync(workspaceId, runId, now, ct);
        }

        await audit.RecordAsync(caller, $"work_items.{operation.ToString().ToLowerInvariant()}",
            new AuditTarget("work_items", null, $"{items.Count} items", workspaceId), ct);
    }

    /// <summary>Queues a fresh step run for each (run, step) whose failed items go back to work.</summary>
    private async Task QueueRetriesAsync(IReadOnlyList<WorkItem> items, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var group in items.Where(i => i.ProcessRunId is not null && i.StepId is not null).GroupBy(i => (i.ProcessRunId!, i.StepId!)))
        {
            var run = await runs.FindRunAsync(items[0].WorkspaceId, group.Key.Item1, ct);
            if (run is null || RunTransitions.IsTerminal(run.State) || run.State == ProcessRunState.Stopping)
            {
                throw HangarException.Conflict("run_not_active", "Items of a completed or stopped run cannot be retried.");
            }

            var previous = (await runs.ListStepRunsAsync(run.WorkspaceId, run.Id, new PageRequest(null, 1000), ct)).Items
                .Where(s => s.StepId == group.Key.Item2).ToList();
            var template = previous.LastOrDefault() ?? throw HangarException.Conflict("run_not_active", "The item's step never ran.");
            var retry = new StepRun
            {
                Id = Ids.New(),
                WorkspaceId = run.WorkspaceId,
                ProcessId = run.ProcessId,
                ProcessRunId = run.Id,
                StepId = template.StepId,
                StepPosition = template.StepPosition,
                Number = previous.Max(s => s.Number) + 1,
                TaskPackageVersionId = template.TaskPackageVersionId,
                WorkerGroupId = template.WorkerGroupId,
                State = StepRunState.AwaitingWorker,
                CreatedAt = now,
                StateUpdatedAt = now,
            };
            await runs.AddStepRunAsync(retry, ct);
            runs.AddEvent(StepRunEvents.New(retry, StepRunEvents.Queued, now));
            if (run.State == ProcessRunState.Unresolved)
            {
                run.State = RunTransitions.Move(run.State, ProcessRunState.InProgress);
                run.StateUpdatedAt = now;
                run.EndedAt = null;
            }
        }
    }

    /// <summary>An unresolved run whose items are all done (none failed, none open) is complete.</summary>
    private async Task SettleAsync(string workspaceId, string runId, DateTimeOffset now, CancellationToken ct)
    {
        var run = await runs.FindRunAsync(workspaceId, runId, ct);
        if (run is not { State: ProcessRunState.Unresolved })
        {
            return;
        }

        var failed = await runs.ListWorkItemsAsync(workspaceId, new WorkItemFilter(ProcessRunId: runId, State: WorkItemState.Failed), new PageRequest(null, 1), ct);
        if (failed.Items.Count == 0 && (await runs.ListOpenWorkItemsAsync(runId, ct)).Count == 0)
        {
            RunTransitions.Move(run.State, ProcessRunState.Completed);
            // Through the run's conditional end, as every end of a run: it reports process_run.completed in the same transaction.
            if (await runStates.EndRunAsync(run.Id, [ProcessRunState.Unresolved], ProcessRunState.Completed, now, ct))
            {
                metrics.RunEnded(RunService.Wire(ProcessRunState.Completed), run.WorkspaceId);
            }
        }
    }
}
