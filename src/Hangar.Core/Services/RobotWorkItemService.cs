using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Work items as a robot sees them at run time (robocorp-workitems, RPA.Robocorp.WorkItems): reserve the next input
/// of its step run, release it done or failed, create outputs for the next step, read and write payloads. A run token
/// reaches only its own process, run and step run (<see cref="RunScope.Require"/>: 403 otherwise); keys and vended
/// tokens with the work item permissions may do the same for debugging, without the run scope.
/// </summary>
public sealed class RobotWorkItemService(IRunStore runs, Observability.HangarMetrics metrics, TimeProvider time)
{
    public const int MaxExceptionCodeLength = 200;
    public const int MaxExceptionMessageLength = 4000;

    /// <summary>The next pending item of the step run's step in its run, now held by the step run; null when none is left.</summary>
    public async Task<string?> ReserveNextAsync(Caller caller, string workspaceId, string processId, string processRunId, string stepRunId,
        CancellationToken ct)
    {
        var stepRun = await StepRunAsync(caller, workspaceId, processId, processRunId, stepRunId, ct);
        if (RunTransitions.IsTerminal(stepRun.State))
        {
            throw HangarException.Conflict("step_run_ended", "The step run has ended; it cannot reserve work items any more.");
        }

        var reserved = await runs.ReserveNextWorkItemAsync(stepRun, time.GetUtcNow(), ct);
        if (reserved is not null)
        {
            metrics.WorkItemMoved("in_progress");
        }

        return reserved;
    }

    /// <summary>Releases an item the step run holds as COMPLETED or FAILED (with a BUSINESS or APPLICATION exception).</summary>
    public async Task ReleaseAsync(Caller caller, string workspaceId, string processId, string processRunId, string stepRunId, string? workItemId,
        string? state, string? exceptionType, string? exceptionCode, string? exceptionMessage, CancellationToken ct)
    {
        var stepRun = await StepRunAsync(caller, workspaceId, processId, processRunId, stepRunId, ct);
        var release = ParseRelease(state, exceptionType, exceptionCode, exceptionMessage);
        // Validates the move like every other state change. The store applies it only to an item this step run holds
        // (which is then of its run, process and workspace), so the item need not be read first.
        RunTransitions.Move(WorkItemState.InProgress, release.State);
        if (Ids.IsWellFormed(workItemId) && await runs.ReleaseWorkItemAsync(workItemId!, stepRun.Id, release, time.GetUtcNow(), ct))
        {
            metrics.WorkItemMoved(release.State == WorkItemState.Done ? "done" : "failed");
            return;
        }

        // Nothing released: the item says why (not in the workspace 404, of another run 403, not held by this step run 409).
        await ItemAsync(caller, workspaceId, workItemId, ct);
        throw NotHeld();
    }

    /// <summary>
    /// An output of <paramref name="parentId"/>: an input of the process's next step (pending, for that step's step
    /// runs), or after the last step a run output (done, no step).
    /// </summary>
    public async Task<WorkItem> CreateOutputAsync(Caller caller, string workspaceId, string processId, string parentId, string? payload,
        CancellationToken ct)
    {
        RunScope.Require(caller, processId);
        // The parent and the step after its own in one read (the process's steps may have been edited since the run began).
        var parent = (Ids.IsWellFormed(parentId) ? await runs.FindOutputParentAsync(workspaceId, parentId, ct) : null)
                     ?? throw HangarException.NotFound("The work item");
        if (caller.Run is not null)
        {
            RunScope.Require(caller, parent.ProcessId, parent.ProcessRunId ?? string.Empty);
        }

        if (parent.ProcessId != processId)
        {
            throw HangarException.NotFound("The work item");
        }

        if (parent.ProcessRunId is null || parent.StepId is null)
        {
            throw HangarException.Conflict("work_item_not_in_run", "Outputs are created from an input item of a running step.");
        }

        var now = time.GetUtcNow();
        var output = new WorkItem
        {
            Id = Ids.New(),
            WorkspaceId = workspaceId,
            ProcessId = processId,
            ProcessRunId = parent.ProcessRunId,
            StepId = parent.NextStepId,
            ParentId = parent.Id,
            State = parent.NextStepId is null ? WorkItemState.Done : WorkItemState.Pending,
            CreatedAt = now,
            StateUpdatedAt = now,
            Payload = Payloads.Check(payload),
        };
        await runs.AddWorkItemAsync(output, ct);
        return output;
    }

    /// <summary>An item the caller may read: in the workspace (404 otherwise) and, for a run token, of its run (403 otherwise).</summary>
    public async Task<WorkItem> ItemAsync(Caller caller, string workspaceId, string? workItemId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var item = (Ids.IsWellFormed(workItemId) ? await runs.FindWorkItemAsync(workspaceId, workItemId!, ct) : null)
                   ?? throw HangarException.NotFound("The work item");
        if (caller.Run is not null)
        {
            RunScope.Require(caller, item.ProcessId, item.ProcessRunId ?? string.Empty);
        }

        return item;
    }

    /// <summary>
    /// An item the caller may change (payload, files): readable, and not held by another step run than the caller's.
    /// </summary>
    public async Task<WorkItem> WritableItemAsync(Caller caller, string workspaceId, string? workItemId, CancellationToken ct)
    {
        var item = await ItemAsync(caller, workspaceId, workItemId, ct);
        if (caller.Run is { } scope && item.State == WorkItemState.InProgress && item.StepRunId != scope.StepRunId)
        {
            throw HangarException.Conflict("work_item_in_progress", "Another step run holds this item.");
        }

        return item;
    }

    /// <summary>Replaces the payload of an item (robots save their input and outputs this way).</summary>
    public async Task<WorkItem> SetPayloadAsync(Caller caller, string workspaceId, string workItemId, string? payload, CancellationToken ct)
    {
        var item = await WritableItemAsync(caller, workspaceId, workItemId, ct);
        item.Payload = Payloads.Check(payload);
        await runs.SaveAsync(ct);
        return item;
    }

    private async Task<StepRun> StepRunAsync(Caller caller, string workspaceId, string processId, string processRunId, string stepRunId,
        CancellationToken ct)
    {
        RunScope.Require(caller, processId, processRunId, stepRunId);
        // A run token's request read its step run a moment ago, to authenticate; reading it again would tell nothing new.
        var stepRun = caller.Run?.StepRun is { } read && read.Id == stepRunId && read.WorkspaceId == workspaceId ? read
            : Ids.IsWellFormed(stepRunId) ? await runs.FindStepRunAsync(workspaceId, stepRunId, ct)
            : null;
        return stepRun is not null && stepRun.ProcessId == processId && stepRun.ProcessRunId == processRunId
            ? stepRun
            : throw HangarException.NotFound("The robot run");
    }

    private static WorkItemRelease ParseRelease(string? state, string? exceptionType, string? code, string? message)
    {
        if (string.Equals(state, "COMPLETED", StringComparison.OrdinalIgnoreCase))
        {
            return new WorkItemRelease(WorkItemState.Done, null, null, null);
        }

        if (!string.Equals(state, "FAILED", StringComparison.OrdinalIgnoreCase))
        {
            throw HangarException.Invalid("invalid_state", "'state' must be COMPLETED or FAILED.");
        }

        var type = exceptionType switch
        {
            null or "" => WorkItemExceptionType.Unspecified,
            _ when string.Equals(exceptionType, "BUSINESS", StringComparison.OrdinalIgnoreCase) => WorkItemExceptionType.Business,
            _ when string.Equals(exceptionType, "APPLICATION", StringComparison.OrdinalIgnoreCase) => WorkItemExceptionType.Application,
            _ => throw HangarException.Invalid("invalid_exception_type", "'exception.type' must be BUSINESS or APPLICATION."),
        };

        // Clipped rather than refused: a refused release would leave the item stuck in progress for a message too long.
        return new WorkItemRelease(WorkItemState.Failed, type, Clip(code, MaxExceptionCodeLength), Clip(message, MaxExceptionMessageLength));
    }

    private static string? Clip(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    private static HangarException NotHeld() =>
        HangarException.Conflict("work_item_not_reserved", "This step run does not hold the work item (it is not reserved by it, or was released already).");
}
