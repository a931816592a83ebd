using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Observability;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>
/// Starting runs from every trigger surface, and stopping and deleting them. A start writes the run, its input work
/// items and the first step's queued step runs in one transaction, so a failed start leaves nothing behind.
/// </summary>
public sealed class RunService(IProcessStore processes, ITaskPackageStore packages, IRunStore runs, IDispatchStore dispatch, MasterKey masterKey,
    IDispatchSignal signal, AuditLog audit, Webhooks.WebhookOptions webhooks, HangarMetrics metrics, TimeProvider time)
{
    private const string StoppedCode = "stopped";

    private static readonly ProcessRunState[] StoppableStates = [ProcessRunState.New, ProcessRunState.InProgress, ProcessRunState.Unresolved];

    public async Task<StartOutcome> StartAsync(StartedBy startedBy, string workspaceId, string processId, StartRequest request,
        string? idempotencyKey, string requestHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(startedBy);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var outcome = await StartRunsAsync(startedBy, workspaceId, processId, request, idempotencyKey, requestHash, ct);
            metrics.RunStarted(request.Surface, outcome.Replayed ? "replayed" : "started", workspaceId, outcome.Runs.Count);
            return outcome;
        }
        catch (HangarException)
        {
            metrics.RunStarted(request.Surface, "refused", workspaceId);
            throw;
        }
    }

    private async Task<StartOutcome> StartRunsAsync(StartedBy startedBy, string workspaceId, string processId, StartRequest request,
        string? idempotencyKey, string requestHash, CancellationToken ct)
    {
        var process = (Ids.IsWellFormed(processId) ? await processes.FindForRunAsync(workspaceId, processId, ct) : null)
                      ?? throw HangarException.NotFound("The process");
        IdempotencyRecord? idempotency = null;
        if (idempotencyKey is not null)
        {
            if (await ReplayAsync(workspaceId, idempotencyKey, requestHash, ct) is { } replay)
            {
                return replay;
            }

            idempotency = new IdempotencyRecord { WorkspaceId = workspaceId, Key = idempotencyKey, RequestHash = requestHash, RunIds = string.Empty, CreatedAt = time.GetUtcNow() };
        }

        if (process.Steps.Count == 0)
        {
            throw HangarException.Conflict("process_has_no_steps", "The process has no steps to run; add a step first.");
        }

        var first = process.Steps[0];
        var versionId = first.TaskPackageVersionId
                        ?? await packages.LatestVersionIdAsync(workspaceId, first.TaskPackageId, ct)
                        ?? throw HangarException.Conflict("task_package_not_uploaded",
                            $"The first step's task package has no uploaded version yet; upload the robot first.");

        var plans = Plan(process, first, versionId, startedBy, request, await InputQueueAsync(workspaceId, process.Id, request, ct));
        if (plans.Count == 0)
        {
            return new StartOutcome([], false);
        }

        if (idempotency is not null)
        {
            idempotency = new IdempotencyRecord
            {
                WorkspaceId = idempotency.WorkspaceId, Key = idempotency.Key, RequestHash = idempotency.RequestHash, CreatedAt = idempotency.CreatedAt,
                RunIds = string.Join(' ', plans.Select(p => p.Run.Id)),
            };
        }

        await runs.StartAsync(process.Id, plans, idempotency, request.Claim, ct);
        signal.StepRunsQueued();
        return new StartOutcome(plans.Select(p => p.Run).ToList(), false);
    }

    public async Task<ProcessRun> GetAsync(string workspaceId, string runId, CancellationToken ct) =>
        (Ids.IsWellFormed(runId) ? await runs.FindRunAsync(workspaceId, runId, ct) : null) ?? throw HangarException.NotFound("The process run");

    public Task<Page<ProcessRun>> ListAsync(string workspaceId, RunFilter filter, PageRequest page, CancellationToken ct) =>
        runs.ListRunsAsync(workspaceId, filter, page, ct);

    /// <summary>
    /// Stops a run (Control Room's stop). The run goes <c>stopping</c> first, in one conditional statement, so no step
    /// is started for it from then on; step runs no worker has taken end as failed (<c>stopped</c>); items no step run
    /// holds are set done or failed as asked. Step runs in progress are ended by their workers at the next heartbeat
    /// when <paramref name="terminateOngoing"/>, or else allowed to finish (their items too). The run is
    /// <c>stopped</c> at once when no step run executes, else when the last one ends (<see cref="RunProgression"/>).
    /// </summary>
    public async Task StopAsync(Caller caller, string workspaceId, string runId, bool setRemainingDone, bool terminateOngoing, string? reason,
        CancellationToken ct)
    {
        var run = await GetAsync(workspaceId, runId, ct);
        if (RunTransitions.IsTerminal(run.State) || run.State == ProcessRunState.Stopping)
        {
            throw NotActive(run.State);
        }

        RunTransitions.Move(run.State, ProcessRunState.Stopping);
        var now = time.GetUtcNow();
        reason = reason is { Length: > 1000 } ? reason[..1000] : reason;
        if (!await dispatch.BeginStopAsync(run.Id, StoppableStates, terminateOngoing, setRemainingDone, reason, now, ct))
        {
            // It ended (or another stop came) between the read and the change.
            throw NotActive((await GetAsync(workspaceId, runId, ct)).State);
        }

        foreach (var stepRun in await runs.ListOpenStepRunsAsync(run.Id, ct))
        {
            // Conditional: a step run a worker claimed a moment ago is in progress now, and is handled as the others are.
            if (stepRun.State != StepRunState.InProgress && await dispatch.FailQueuedStepRunAsync(stepRun.Id, StoppedCode, now, ct))
            {
                await dispatch.AddEventAsync(StepRunEvents.New(stepRun, StepRunEvents.Stopped, now), ct);
            }
        }

        await SettleRemainingItemsAsync(dispatch, run.Id, includeInProgress: terminateOngoing, setRemainingDone, reason, now, ct);
        if (RunTransitions.AfterStop(await dispatch.CountOpenStepRunsAsync(run.Id, ct)) == ProcessRunState.Stopped
            && await dispatch.EndRunAsync(run.Id, [ProcessRunState.Stopping], ProcessRunState.Stopped, now, ct))
        {
            metrics.RunEnded(Wire(ProcessRunState.Stopped), workspaceId);
        }

        await audit.RecordAsync(caller, "process_run.stopped", new AuditTarget("process_run", run.Id, $"#{run.Number}", workspaceId), ct);
    }

    /// <summary>
    /// Sets the items of a stopped run that no step run finished done, or failed (ORCHESTRATOR <c>run_stopped</c>),
    /// as the stop asked: at the stop, and again when the run ends for items that robots left behind meanwhile.
    /// </summary>
    internal static Task<int> SettleRemainingItemsAsync(IDispatchStore dispatch, string runId, bool includeInProgress, bool setRemainingDone,
        string? reason, DateTimeOffset at, CancellationToken ct) =>
        setRemainingDone
            ? dispatch.SettleOpenItemsAsync(runId, includeInProgress, WorkItemState.Done, null, null, null, at, ct)
            : dispatch.SettleOpenItemsAsync(runId, includeInProgress, WorkItemState.Failed, WorkItemExceptionType.Orchestrator, "run_stopped",
                reason ?? "The run was stopped.", at, ct);

    public async Task DeleteAsync(Caller caller, string workspaceId, string runId, CancellationToken ct)
    {
        var run = await GetAsync(workspaceId, runId, ct);
        if (run.State is ProcessRunState.New or ProcessRunState.InProgress or ProcessRunState.Stopping)
        {
            throw HangarException.Conflict("run_active", $"The run is {Wire(run.State)}; stop it before deleting it.");
        }

        await runs.DeleteRunAsync(run, time.GetUtcNow(), ct);
        await audit.RecordAsync(caller, "process_run.deleted", new AuditTarget("process_run", run.Id, $"#{run.Number}", workspaceId), ct);
    }

    private static HangarException NotActive(ProcessRunState state) =>
        HangarException.Conflict("run_not_active", $"The run is {Wire(state)}; only an active run can be stopped.");

    public static string Wire(ProcessRunState state) => state switch
    {
        ProcessRunState.InProgress => "in_progress",
        _ => state.ToString().ToLowerInvariant(),
    };

    private async Task<StartOutcome?> ReplayAsync(string workspaceId, string key, string requestHash, CancellationToken ct)
    {
        var record = await runs.FindIdempotencyAsync(workspaceId, key, ct);
        if (record is null)
        {
            return null;
        }

        var cutoff = time.GetUtcNow() - RunLimits.IdempotencyWindow;
        if (record.CreatedAt < cutoff)
        {
            // An expired key is free again: forget the old request so the new one can take its place.
            await runs.ForgetIdempotencyAsync(workspaceId, key, cutoff, ct);
            return null;
        }

        if (!SecretHashing.FixedTimeEquals(record.RequestHash, requestHash))
        {
            throw HangarException.Conflict("idempotency_key_reused", "This Idempotency-Key was used for a different request in the last 24 hours.");
        }

        var started = new List<ProcessRun>();
        foreach (var id in record.RunIds.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (await runs.FindRunAsync(workspaceId, id, ct) is { } run)
            {
                started.Add(run);
            }
        }

        return new StartOutcome(started, true);
    }

    /// <summary>The input-queue items the trigger takes (for <see cref="StartKind.WithInputs"/>, all of them).</summary>
    private async Task<IReadOnlyList<string>> InputQueueAsync(string workspaceId, string processId, StartRequest request, CancellationToken ct)
    {
        switch (request.Kind)
        {
            case StartKind.WithWorkItemIds:
                if (request.WorkItemIds.Count is 0 or > RunLimits.MaxPayloadsPerTrigger || request.WorkItemIds.Any(id => !Ids.IsWellFormed(id)))
                {
                    throw HangarException.Invalid("invalid_work_item_ids", $"'work_item_ids' must list 1 to {RunLimits.MaxPayloadsPerTrigger} work item ids.");
                }

                return request.WorkItemIds.Distinct(StringComparer.Ordinal).ToList();
            case StartKind.WithInputs:
                var waiting = await runs.ListWorkItemsAsync(workspaceId, new WorkItemFilter(processId, State: WorkItemState.New),
                    new PageRequest(null, RunLimits.MaxPayloadsPerTrigger), ct);
                return waiting.Items.Where(i => i.ProcessRunId is null).Select(i => i.Id).ToList();
            default:
                return [];
        }
    }

    private List<RunPlan> Plan(Process process, ProcessStep first, string versionId, StartedBy startedBy, StartRequest request,
        IReadOnlyList<string> queued)
    {
        var payloads = request.Kind switch
        {
            StartKind.Default => [process.DefaultPayload],
            StartKind.WithPayloads => request.Payloads,
            _ => [],
        };
        if (payloads.Count > RunLimits.MaxPayloadsPerTrigger)
        {
            throw new HangarException(ErrorKind.PayloadTooLarge, "too_many_payloads", $"One trigger carries at most {RunLimits.MaxPayloadsPerTrigger} payloads.");
        }

        if (request.Kind == StartKind.WithPayloads && payloads.Count == 0)
        {
            throw HangarException.Invalid("invalid_payloads", "'payloads' must list at least one payload.");
        }

        foreach (var payload in payloads)
        {
            Payloads.Check(payload);
        }

        var callback = request.Callback is null ? null : ValidCallback(request.Callback);
        if (request.InputItem is not null && (request.Kind != StartKind.WithPayloads || payloads.Count != 1 || request.RunPerPayload))
        {
            throw new ArgumentException("A prepared input item goes with exactly one payload.", nameof(request));
        }

        if (request.RunPerPayload)
        {
            return payloads.Select(p => NewPlan(process, first, versionId, startedBy, [p], [], callback, null)).ToList();
        }

        return queued.Count == 0 && payloads.Count == 0
            ? []
            : [NewPlan(process, first, versionId, startedBy, payloads, queued, callback, request.InputItem)];
    }

    private RunPlan NewPlan(Process process, ProcessStep first, string versionId, StartedBy startedBy, IReadOnlyList<string?> payloads,
        IReadOnlyList<string> queued, RunCallback? callback, PreparedInputItem? prepared)
    {
        var now = time.GetUtcNow();
        var runId = Ids.New();
        // The run's trace: a child of the trigger's request (a new trace for a schedule), kept with the run for its claim.
        using var span = HangarActivities.Source.StartActivity("hangar.run.start");
        span?.SetTag(HangarActivities.RunId, runId);
        span?.SetTag(HangarActivities.ProcessId, process.Id);
        var run = new ProcessRun
        {
            Id = runId,
            WorkspaceId = process.WorkspaceId,
            ProcessId = process.Id,
            State = ProcessRunState.New,
            CreatedAt = now,
            StateUpdatedAt = now,
            StartedByType = startedBy.Type,
            StartedById = startedBy.Id,
            StartedByName = startedBy.Name,
            CallbackUrl = callback?.Url,
            CallbackSecret = callback?.Secret is { } secret ? masterKey.EncryptString(secret, RunCallback.SecretContext(runId)) : null,
            CallbackEvents = callback is null ? null : string.Join(' ', callback.Events),
            TraceParent = HangarActivities.TraceParentOf(span ?? System.Diagnostics.Activity.Current),
        };
        var items = payloads.Select(p => new WorkItem
        {
            Id = prepared?.Id ?? Ids.New(),
            WorkspaceId = process.WorkspaceId,
            ProcessId = process.Id,
            ProcessRunId = runId,
            StepId = first.Id,
            State = WorkItemState.Pending,
            CreatedAt = now,
            StateUpdatedAt = now,
            Payload = p,
        }).ToList();
        var stepRunCount = Math.Clamp(items.Count + queued.Count, 1, first.MaxParallel);
        var stepRuns = Enumerable.Range(1, stepRunCount).Select(n => new StepRun
        {
            Id = Ids.New(),
            WorkspaceId = process.WorkspaceId,
            ProcessId = process.Id,
            ProcessRunId = runId,
            StepId = first.Id,
            StepPosition = 0,
            Number = n,
            TaskPackageVersionId = versionId,
            WorkerGroupId = first.WorkerGroupId,
            State = StepRunState.AwaitingWorker,
            CreatedAt = now,
            StateUpdatedAt = now,
        }).ToList();
        return new RunPlan(run, items, queued, first.Id, stepRuns, stepRuns.Select(s => StepRunEvents.New(s, StepRunEvents.Queued, now)).ToList(),
            prepared?.Files);
    }

    /// <summary>
    /// The callback, checked: an http(s) URL, not an address literal the server may not call (its name is checked when
    /// each delivery connects, see <see cref="Webhooks.WebhookSender"/>), events among Robocorp's three.
    /// </summary>
    private RunCallback ValidCallback(RunCallback callback)
    {
        if (!Uri.TryCreate(callback.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || callback.Url.Length > 2000
            || url.UserInfo.Length > 0)
        {
            throw HangarException.Invalid("invalid_callback", "'callback.url' must be an absolute http or https URL (without a user name or password).");
        }

        Webhooks.WebhookEndpoint.CheckLiteral(url, webhooks.AllowPrivateEndpoints, "callback.url");

        var events = callback.Events.Count == 0 ? RunCallback.AllEvents : callback.Events;
        if (events.Any(e => !RunCallback.AllEvents.Contains(e)))
        {
            throw HangarException.Invalid("invalid_callback", "'callback.callback_events' may list: started, completed, unresolved.");
        }

        if (callback.Secret is { Length: > 500 })
        {
            throw HangarException.Invalid("invalid_callback", "'callback.secret' must be at most 500 characters.");
        }

        return callback with { Events = events.Distinct(StringComparer.Ordinal).ToList() };
    }
}
