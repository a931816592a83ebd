using Hangar.Core.Domain;
using Hangar.Core.Observability;
using Hangar.Core.Runs;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// What happens to a run when one of its step runs ends: nothing while others of the step still work; once the last
/// one ends, the next step is queued or the run ends (completed, unresolved, or stopped when it was stopping).
/// Every move is a conditional update, so two step runs ending at once cannot both advance the run.
/// </summary>
public sealed class RunProgression(IDispatchStore dispatch, IRunStore runs, IProcessStore processes, ITaskPackageStore packages,
    IDispatchSignal signal, HangarMetrics metrics, TimeProvider time)
{
    private static readonly ProcessRunState[] Active = [ProcessRunState.New, ProcessRunState.InProgress];

    /// <param name="stepRun">The step run that just ended.</param>
    /// <param name="succeeded">
    /// It ended well: items of its step still pending then get another step run (a robot that handles one item and
    /// exits is run again for the next, as Control Room does), instead of being failed as not processed.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    public async Task AfterStepRunEndedAsync(StepRun stepRun, bool succeeded, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        if (await dispatch.CountOpenStepRunsAsync(stepRun.ProcessRunId, ct) > 0)
        {
            return;
        }

        var run = await runs.FindRunAsync(stepRun.WorkspaceId, stepRun.ProcessRunId, ct);
        var now = time.GetUtcNow();
        if (run is null)
        {
            return;
        }

        if (run.State == ProcessRunState.Stopping)
        {
            // Robots allowed to finish after the stop may have left items behind (outputs for a step that will not run).
            await RunService.SettleRemainingItemsAsync(dispatch, run.Id, includeInProgress: false, run.StopSetsRemainingDone, run.StopReason, now, ct);
            await EndRunAsync(run, [ProcessRunState.Stopping], ProcessRunState.Stopped, now, ct);
            return;
        }

        if (!Active.Contains(run.State))
        {
            return;
        }

        var process = await processes.FindAsync(run.WorkspaceId, run.ProcessId, ct);
        var steps = process?.Steps.OrderBy(s => s.Position).ToList() ?? [];
        var index = steps.FindIndex(s => s.Id == stepRun.StepId);
        var left = await dispatch.CountItemsAsync(run.Id, stepRun.StepId, WorkItemState.Pending, ct);
        if (succeeded && left > 0 && index >= 0)
        {
            await QueueStepRunsAsync(run, steps[index], index, stepRun.TaskPackageVersionId, left, now, ct);
            return;
        }

        await dispatch.FailUnprocessedItemsAsync(run.Id, stepRun.StepId, now, ct);
        var next = index >= 0 && index + 1 < steps.Count ? steps[index + 1] : null;
        var failed = await dispatch.CountItemsAsync(run.Id, null, WorkItemState.Failed, ct);
        var outputs = next is null ? 0 : await dispatch.CountItemsAsync(run.Id, next.Id, WorkItemState.Pending, ct);
        var progress = RunTransitions.AfterStep(index < 0 ? steps.Count - 1 : index, steps.Count, failed, outputs);
        if (progress.NextStep is { } nextPosition && next is not null)
        {
            await QueueStepAsync(run, next, nextPosition, outputs, now, ct);
            return;
        }

        await EndRunAsync(run, Active, progress.State, now, ct);
    }

    private async Task EndRunAsync(ProcessRun run, IReadOnlyCollection<ProcessRunState> from, ProcessRunState to, DateTimeOffset now, CancellationToken ct)
    {
        if (await dispatch.EndRunAsync(run.Id, from, to, now, ct))
        {
            metrics.RunEnded(RunService.Wire(to), run.WorkspaceId);
        }
    }

    private async Task QueueStepAsync(ProcessRun run, ProcessStep next, int position, int items, DateTimeOffset now, CancellationToken ct)
    {
        if (!await dispatch.AdvanceRunAsync(run.Id, run.CurrentStep, position, now, ct))
        {
            return;
        }

        var versionId = next.TaskPackageVersionId ?? (await packages.FindAsync(run.WorkspaceId, next.TaskPackageId, ct))?.LatestVersionId;
        if (versionId is null)
        {
            // The package was emptied or deleted since the run started: nothing can run the items.
            await dispatch.FailUnprocessedItemsAsync(run.Id, next.Id, now, ct);
            await EndRunAsync(run, Active, ProcessRunState.Unresolved, now, ct);
            return;
        }

        await QueueStepRunsAsync(run, next, position, versionId, items, now, ct);
    }

    /// <summary>Queues min(items, max_parallel) step runs of <paramref name="step"/> and wakes the workers.</summary>
    private async Task QueueStepRunsAsync(ProcessRun run, ProcessStep step, int position, string versionId, int items, DateTimeOffset now,
        CancellationToken ct)
    {
        var next = step;
        var numbered = await dispatch.CountStepRunsAsync(run.Id, ct);
        var stepRuns = Enumerable.Range(1, Math.Clamp(items, 1, next.MaxParallel)).Select(n => new StepRun
        {
            Id = Ids.New(),
            WorkspaceId = run.WorkspaceId,
            ProcessId = run.ProcessId,
            ProcessRunId = run.Id,
            StepId = next.Id,
            StepPosition = position,
            Number = numbered + n,
            TaskPackageVersionId = versionId,
            WorkerGroupId = next.WorkerGroupId,
            State = StepRunState.AwaitingWorker,
            CreatedAt = now,
            StateUpdatedAt = now,
        }).ToList();
        await dispatch.AddStepRunsAsync(stepRuns, stepRuns.Select(s => StepRunEvents.New(s, StepRunEvents.Queued, now)).ToList(), ct);
        signal.StepRunsQueued();
    }
}
