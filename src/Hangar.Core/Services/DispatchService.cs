using System.Text;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Observability;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>The worker protocol's server side: claims (long-polled), leases, console lines and the end of a step run.</summary>
public sealed class DispatchService(IDispatchStore dispatch, IWorkerStore workers, IRunStore runs, IProcessStore processes,
    ITaskPackageStore packages, IWorkspaceStore workspaces, RunTokens runTokens, RunProgression progression, InProcessDispatchSignal signal,
    DispatchOptions options, HangarMetrics metrics, TimeProvider time)
{
    /// <summary>
    /// Waits up to <paramref name="waitSeconds"/> for a step run the worker may take. A queued step run wakes the wait
    /// at once (on any node, see <see cref="IDispatchSignal"/>); the queue is also looked at every
    /// <see cref="DispatchOptions.ClaimRecheck"/> in case a wake-up was lost.
    /// </summary>
    /// <param name="isolation">How the worker isolates robots (<see cref="WorkerIsolation"/>), when it says; kept on the worker.</param>
    public async Task<ClaimedWork?> ClaimAsync(Caller worker, int? waitSeconds, string? isolation, CancellationToken ct)
    {
        var workerId = RequireWorker(worker);
        var wait = waitSeconds ?? 0;
        if (wait is < 0 or > WorkerLimits.MaxWaitSeconds)
        {
            throw HangarException.Invalid("invalid_wait", $"'wait_seconds' must be from 0 to {WorkerLimits.MaxWaitSeconds}.");
        }

        if (isolation is not null && !WorkerIsolation.IsKnown(isolation))
        {
            throw HangarException.Invalid("invalid_isolation", "'isolation' must be sandbox, user or environment.");
        }

        var deadline = time.GetUtcNow().AddSeconds(wait);
        while (true)
        {
            // Taken before looking, so a step run queued between the look and the wait still wakes us.
            var wake = signal.NextAsync();
            var now = time.GetUtcNow();
            if (isolation is null)
            {
                await workers.TouchWorkerAsync(workerId, now, ct);
            }
            else
            {
                await workers.TouchWorkerAsync(workerId, now, isolation, ct);
            }

            if (await dispatch.ClaimAsync(workerId, worker.WorkspaceId!, now, now + options.Lease, ct) is { } stepRun)
            {
                if (await PrepareAsync(stepRun, now, ct) is { } work)
                {
                    return work;
                }

                continue;
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            var last = remaining <= options.ClaimRecheck;
            await Task.WhenAny(wake, Task.Delay(last ? remaining : options.ClaimRecheck, time, ct));
            ct.ThrowIfCancellationRequested();
            if (last && !wake.IsCompleted)
            {
                // The wait is over without a wake-up: no last look, the worker's next claim looks first thing anyway.
                return null;
            }
        }
    }

    /// <summary>
    /// Renews the lease of a step run the worker holds; <c>Cancel</c> once its run is stopped with
    /// <c>terminate_ongoing_activity_runs</c> (a stop without it lets the robot finish).
    /// </summary>
    public async Task<(DateTimeOffset LeaseExpiresAt, bool Cancel)> HeartbeatAsync(Caller worker, string stepRunId, CancellationToken ct)
    {
        var stepRun = await HeldAsync(worker, stepRunId, ct);
        var now = time.GetUtcNow();
        var lease = now + options.Lease;
        if (!await dispatch.RenewLeaseAsync(stepRun.Id, worker.Id, lease, ct))
        {
            throw NotHeld();
        }

        await workers.TouchWorkerAsync(worker.Id, now, ct);
        var run = await runs.FindRunAsync(stepRun.WorkspaceId, stepRun.ProcessRunId, ct);
        return (lease, run is null || RunTransitions.CancelsRunningRobot(run.State, run.StopTerminatesOngoing));
    }

    /// <summary>Stores console lines of a step run the worker ran; lines seen before (same sequence) are skipped.</summary>
    public async Task<int> AppendConsoleAsync(Caller worker, string stepRunId, IReadOnlyList<(long Sequence, DateTimeOffset Timestamp, string? Stream,
        string? Message)>? lines, CancellationToken ct)
    {
        if (lines is null || lines.Count > WorkerLimits.MaxConsoleMessagesPerBatch)
        {
            throw HangarException.Invalid("invalid_messages", $"'messages' must list at most {WorkerLimits.MaxConsoleMessagesPerBatch} lines.");
        }

        var stepRun = await OwnedAsync(worker, stepRunId, ct);
        var messages = new List<ConsoleMessage>(lines.Count);
        foreach (var (sequence, timestamp, stream, message) in lines)
        {
            if (sequence < 0 || stream is not ("stdout" or "stderr"))
            {
                throw HangarException.Invalid("invalid_message", "Each line needs a 'sequence' of 0 or more and a 'stream' of stdout or stderr.");
            }

            messages.Add(new ConsoleMessage
            {
                StepRunId = stepRun.Id, WorkspaceId = stepRun.WorkspaceId, Sequence = sequence, Timestamp = timestamp, Stream = stream,
                Message = Clean(message ?? string.Empty),
            });
        }

        return messages.Count == 0 ? 0 : await dispatch.AppendConsoleAsync(stepRun.Id, messages, ct);
    }

    /// <summary>Ends a step run the worker holds, releases what it left held, and moves the run on.</summary>
    public async Task<StepRun> CompleteAsync(Caller worker, string stepRunId, int? exitCode, string? errorCode, CancellationToken ct)
    {
        if (exitCode is null)
        {
            throw HangarException.Invalid("missing_field", "'exit_code' is required.");
        }

        if (errorCode is not null && (errorCode.Length is 0 or > 64 || !errorCode.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
        {
            throw HangarException.Invalid("invalid_error_code", "'error_code' must be 1 to 64 characters of a-z, 0-9 and '_'.");
        }

        var stepRun = await HeldAsync(worker, stepRunId, ct);
        var failed = exitCode != 0 || errorCode is not null;
        var state = failed ? StepRunState.Failed : StepRunState.Completed;
        var code = failed ? errorCode ?? "robot_failure" : null;
        var now = time.GetUtcNow();
        if (!await dispatch.EndAsync(stepRun.Id, worker.Id, state, code, now, ct))
        {
            throw NotHeld();
        }

        // Items the robot still holds follow its outcome, as in Control Room: a robot that exits well without releasing
        // its item (a plain script that knows nothing of work items) has done it; one that fails has failed it.
        if (failed)
        {
            await dispatch.ReleaseHeldItemsAsync(stepRun.Id, WorkItemState.Failed, WorkItemExceptionType.Application, code,
                $"The robot ended with exit code {exitCode} ({code}) without releasing the item.", now, ct);
        }
        else
        {
            await dispatch.ReleaseHeldItemsAsync(stepRun.Id, WorkItemState.Done, null, null, null, now, ct);
        }

        metrics.StepRunEnded(failed ? "failed" : "completed", now - (stepRun.StartedAt ?? now));
        await dispatch.AddEventAsync(StepRunEvents.New(stepRun, failed ? StepRunEvents.Failed : StepRunEvents.Completed, now), ct);
        await progression.AfterStepRunEndedAsync(stepRun, succeeded: !failed, ct);
        stepRun.State = state;
        stepRun.ErrorCode = code;
        return stepRun;
    }

    /// <summary>
    /// Takes back a step run whose worker is stopping and had to end its robot before it finished: queued again with its
    /// items pending, as a worker loss, so an upgrade restart does not fail work (the next claim starts it afresh).
    /// When the run is being stopped anyway, the step run ends as the stop ends it. Answers the step run's state.
    /// </summary>
    public async Task<StepRunState> ReleaseAsync(Caller worker, string stepRunId, CancellationToken ct)
    {
        var stepRun = await HeldAsync(worker, stepRunId, ct);
        var run = await runs.FindRunAsync(stepRun.WorkspaceId, stepRun.ProcessRunId, ct);
        if (run is not { State: ProcessRunState.New or ProcessRunState.InProgress })
        {
            return (await CompleteAsync(worker, stepRunId, -1, "worker_stopped", ct)).State;
        }

        var now = time.GetUtcNow();
        if (!await dispatch.RequeueReleasedAsync(stepRun.Id, worker.Id, now, ct))
        {
            throw NotHeld();
        }

        signal.StepRunsQueued();
        metrics.StepRunRequeued("worker_released");
        await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.WorkerLost, now), ct);
        return StepRunState.AwaitingWorker;
    }

    /// <summary>A step run this worker claimed (in any state): 404 for any other, as if it did not exist.</summary>
    public async Task<StepRun> OwnedAsync(Caller worker, string stepRunId, CancellationToken ct)
    {
        RequireWorker(worker);
        var stepRun = Ids.IsWellFormed(stepRunId) ? await runs.FindStepRunAsync(worker.WorkspaceId!, stepRunId, ct) : null;
        return stepRun is not null && stepRun.WorkerId == worker.Id
            ? stepRun
            : throw new HangarException(ErrorKind.NotFound, "step_run_not_found", "The step run was not found among this worker's.");
    }

    /// <summary>A step run this worker holds now (in progress).</summary>
    public async Task<StepRun> HeldAsync(Caller worker, string stepRunId, CancellationToken ct)
    {
        var stepRun = await OwnedAsync(worker, stepRunId, ct);
        return stepRun.State == StepRunState.InProgress ? stepRun : throw NotHeld();
    }

    private async Task<ClaimedWork?> PrepareAsync(StepRun stepRun, DateTimeOffset now, CancellationToken ct)
    {
        await dispatch.MarkRunStartedAsync(stepRun.ProcessRunId, now, ct);
        var run = await runs.FindRunAsync(stepRun.WorkspaceId, stepRun.ProcessRunId, ct);
        var process = run is null ? null : await processes.FindAsync(run.WorkspaceId, run.ProcessId, ct);
        var step = process?.Steps.FirstOrDefault(s => s.Id == stepRun.StepId);
        var version = await packages.FindVersionAsync(stepRun.WorkspaceId, stepRun.TaskPackageVersionId, ct);
        var workspace = await workspaces.FindAsync(stepRun.WorkspaceId, ct);
        if (run is { State: ProcessRunState.Stopping or ProcessRunState.Stopped })
        {
            // Claimed in the moment between the stop and its ending of the queued step runs: nothing starts after a stop.
            await dispatch.EndAsync(stepRun.Id, stepRun.WorkerId!, StepRunState.Failed, "stopped", now, ct);
            await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.Stopped, now), ct);
            await progression.AfterStepRunEndedAsync(stepRun, succeeded: false, ct);
            return null;
        }

        if (run is null || process is null || step is null || version is null || workspace is null)
        {
            // The process was changed or its package deleted after the step run was queued: it cannot run anywhere.
            await dispatch.EndAsync(stepRun.Id, stepRun.WorkerId!, StepRunState.Failed, "step_unavailable", now, ct);
            await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.Failed, now), ct);
            await progression.AfterStepRunEndedAsync(stepRun, succeeded: false, ct);
            return null;
        }

        var itemId = await runs.ReserveNextWorkItemAsync(stepRun, now, ct);
        await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.Started, now), ct);
        metrics.StepRunClaimed(now - stepRun.CreatedAt);
        if (itemId is not null)
        {
            metrics.WorkItemMoved("in_progress");
        }

        // The claim joins the run's trace; the robot and its runtime calls (through the run token) continue from it.
        using var span = HangarActivities.StartChild("hangar.claim", run.TraceParent);
        span?.SetTag(HangarActivities.RunId, run.Id);
        span?.SetTag(HangarActivities.StepRunId, stepRun.Id);
        span?.SetTag(HangarActivities.WorkItemId, itemId);
        span?.SetTag("hangar.worker.id", stepRun.WorkerId);
        var traceParent = HangarActivities.TraceParentOf(span) ?? run.TraceParent;
        var lifetime = TimeSpan.FromSeconds(step.TimeoutSeconds) + options.RunTokenMargin;
        var (token, _) = runTokens.Issue(stepRun, lifetime < RunTokens.MaxLifetime ? lifetime : RunTokens.MaxLifetime, traceParent);
        return new ClaimedWork(stepRun, run, process, step, version, workspace.OrganizationId, itemId, token) { TraceParent = traceParent };
    }

    /// <summary>Replaces what no database keeps as text (NUL, lone surrogates) and cuts overlong lines.</summary>
    private static string Clean(string message)
    {
        var builder = new StringBuilder(Math.Min(message.Length, WorkerLimits.MaxConsoleMessageLength));
        for (var i = 0; i < message.Length && builder.Length < WorkerLimits.MaxConsoleMessageLength; i++)
        {
            var c = message[i];
            if (char.IsHighSurrogate(c) && i + 1 < message.Length && char.IsLowSurrogate(message[i + 1]))
            {
                if (builder.Length + 2 > WorkerLimits.MaxConsoleMessageLength)
                {
                    break;
                }

                builder.Append(c).Append(message[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static string RequireWorker(Caller worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return worker.Kind == CallerKind.Worker && worker.WorkspaceId is not null
            ? worker.Id
            : throw HangarException.Forbidden("credential_not_allowed", "Only a linked worker's credential can use the worker protocol.");
    }

    private static HangarException NotHeld() =>
        HangarException.Conflict("step_run_not_held", "This worker no longer holds the step run (it ended, or its lease lapsed and it was taken back).");
}
