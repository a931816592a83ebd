using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Step runs whose worker stopped renewing its lease: queued again while the step's <c>retries_on_worker_loss</c>
/// allows, else failed with <c>worker_lost</c>. The updates are conditional on the lease still being lapsed, so a
/// worker that comes back with a heartbeat at the same moment either keeps its step run or loses it, never both.
/// </summary>
public sealed class LeaseWatchdog(IDispatchStore dispatch, IRunStore runs, IProcessStore processes, RunProgression progression,
    IDispatchSignal signal, Observability.HangarMetrics metrics, TimeProvider time)
{
    public const string WorkerLost = "worker_lost";

    public Task<IReadOnlyList<StepRun>> ListLapsedAsync(CancellationToken ct) => dispatch.ListLapsedAsync(time.GetUtcNow(), 100, ct);

    /// <summary>Handles one lapsed step run; true when it was queued again.</summary>
    public async Task<bool> HandleAsync(StepRun stepRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stepRun);
        var now = time.GetUtcNow();
        var run = await runs.FindRunAsync(stepRun.WorkspaceId, stepRun.ProcessRunId, ct);
        var step = run is null ? null : (await processes.FindAsync(run.WorkspaceId, run.ProcessId, ct))?.Steps.FirstOrDefault(s => s.Id == stepRun.StepId);
        var retries = step?.RetriesOnWorkerLoss ?? 0;
        if (run is { State: ProcessRunState.New or ProcessRunState.InProgress } && stepRun.Attempt <= retries)
        {
            if (!await dispatch.RequeueLapsedAsync(stepRun.Id, now, ct))
            {
                return false;
            }

            // Its items went back to pending with it: wake this node's claims now (other nodes were notified).
            signal.StepRunsQueued();
            metrics.LeaseExpired(requeued: true);
            metrics.StepRunRequeued("lease_expired");
            await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.WorkerLost, now), ct);
            return true;
        }

        if (!await dispatch.FailLapsedAsync(stepRun.Id, WorkerLost, now, ct))
        {
            return false;
        }

        metrics.LeaseExpired(requeued: false);
        await dispatch.ReleaseHeldItemsAsync(stepRun.Id, WorkItemState.Failed, WorkItemExceptionType.Orchestrator, WorkerLost,
            "The worker running the step run stopped answering.", now, ct);
        await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.WorkerLost, now), ct);
        await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.Failed, now), ct);
        await progression.AfterStepRunEndedAsync(stepRun, succeeded: false, ct);
        return false;
    }
}
