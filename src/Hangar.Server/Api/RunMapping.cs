using System.Text.Json;
using Hangar.Contracts.V1;
using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;

namespace Hangar.Server;

/// <summary>Processes, runs, step runs and work items to their v1 wire shapes.</summary>
public static class RunMapping
{
    public static ProcessResponse ToResponse(this Process process) => new(
        process.Id, process.Name, process.Description, process.CreatedAt, process.UpdatedAt,
        process.Steps.OrderBy(s => s.Position).Select(s => new StepResponse(
            s.Id, s.Name, new IdRef(s.TaskPackageId), s.TaskPackageVersionId is null ? null : new IdRef(s.TaskPackageVersionId), s.Task,
            s.WorkerGroupId is null ? null : new IdRef(s.WorkerGroupId), s.TimeoutSeconds, s.MaxParallel, s.RetriesOnWorkerLoss)).ToList(),
        Json(process.DefaultPayload));

    public static ProcessRunResponse ToResponse(this ProcessRun run, string processName) => new(
        run.Id, run.Number, Robocorp(run.State), Wire(run.State), run.CreatedAt, run.StartedAt, run.EndedAt, new NamedRef(run.ProcessId, processName),
        StartedBy(run),
        run.StartedAt is { } started ? ((run.EndedAt ?? started) - started).TotalSeconds : null,
        run.StopReason);

    public static StepRunResponse ToResponse(this StepRun stepRun, string stepName) => new(
        stepRun.Id, stepRun.Number, Wire(stepRun.State), stepRun.StateUpdatedAt, stepRun.ErrorCode is null ? null : new StepRunError(stepRun.ErrorCode),
        stepRun.StartedAt, stepRun.EndedAt, stepRun.StartedAt is { } started ? ((stepRun.EndedAt ?? started) - started).TotalSeconds : null,
        new NamedRef(stepRun.StepId, stepName), new IdRef(stepRun.ProcessRunId));

    public static WorkItemResponse ToResponse(this WorkItem item, bool withData) => new(
        item.Id, item.CreatedAt, Wire(item.State), item.StateUpdatedAt, new IdRef(item.ProcessId),
        item.ProcessRunId is null ? null : new IdRef(item.ProcessRunId), item.StepId is null ? null : new IdRef(item.StepId),
        item.StepRunId is null ? null : new IdRef(item.StepRunId),
        item.ExceptionType is { } type ? new WorkItemExceptionResponse(item.ExceptionCode, type.ToString().ToLowerInvariant(), item.ExceptionMessage) : null,
        withData ? Json(item.Payload) : null, withData ? [] : null);

    public static string Wire(ProcessRunState state) => SnakeCase(state.ToString());

    /// <summary>
    /// The state a Robocorp client is told. Robocorp's states end at <c>stopping</c> ("Terminating": the user stopped the
    /// run); it has no <c>stopped</c>, so a run whose stop has ended stays <c>stopping</c> there. Hangar's own state
    /// (<see cref="Wire(ProcessRunState)"/>) goes beside it.
    /// </summary>
    public static string Robocorp(ProcessRunState state) => Wire(state == ProcessRunState.Stopped ? ProcessRunState.Stopping : state);

    public static string Wire(StepRunState state) => SnakeCase(state.ToString());

    public static string Wire(WorkItemState state) => SnakeCase(state.ToString());

    public static ProcessRunState? ParseRunState(string? value) => value is null
        ? null
        : Enum.GetValues<ProcessRunState>().FirstOrDefault(s => Wire(s) == value) is var s && Wire(s) == value
            ? s
            : throw Core.Errors.HangarException.Invalid("invalid_state", "'state' must be one of: new, in_progress, completed, unresolved, stopping, stopped.");

    public static WorkItemState? ParseItemState(string? value) => value is null
        ? null
        : Enum.GetValues<WorkItemState>().FirstOrDefault(s => Wire(s) == value) is var s && Wire(s) == value
            ? s
            : throw Core.Errors.HangarException.Invalid("invalid_state", "'state' must be one of: new, pending, in_progress, failed, done.");

    /// <summary>
    /// Robocorp's <c>started_by</c>: details (three strings) only for a user's start, null for API, schedule and email
    /// starts. Hangar users have a username rather than a first and last name: it goes in <c>first_name</c>, and
    /// <c>last_name</c> is empty. Hangar adds the id and name beside them for every type.
    /// </summary>
    private static StartedByResponse StartedBy(ProcessRun run)
    {
        var details = run.StartedByType == "user"
            ? new StartedByDetails(run.StartedById ?? string.Empty, run.StartedByName ?? string.Empty, string.Empty)
            : null;
        return new StartedByResponse(run.StartedByType, details, run.StartedById, run.StartedByName);
    }

    /// <summary>Who started a run, from the caller: keys and secrets are the API, people are users.</summary>
    public static StartedBy StartedBy(this Caller caller) => caller.Kind == CallerKind.User
        ? new StartedBy("user", caller.UserId, caller.Name)
        : new StartedBy("api", caller.Id, caller.Name);

    public static JsonElement? Json(string? text)
    {
        if (text is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
