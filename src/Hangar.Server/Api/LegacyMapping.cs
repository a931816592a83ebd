using Hangar.Contracts.ProcessV1;
using Hangar.Core.Domain;
using Hangar.Core.Runs;

namespace Hangar.Server;

/// <summary>Objects to the legacy Process API's camelCase shapes; states are upper-case there (a released item is COMPLETED).</summary>
public static class LegacyMapping
{
    public static LegacyRun ToLegacy(this ProcessRun run) =>
        new(run.Id, run.ProcessId, run.Number, Upper(RunMapping.Robocorp(run.State)), Upper(RunMapping.Wire(run.State)), run.CreatedAt, run.StartedAt, run.EndedAt, run.StopReason);

    public static LegacyRobotRun ToLegacy(this StepRun stepRun) =>
        new(stepRun.Id, stepRun.ProcessRunId, stepRun.StepId, stepRun.Number, Upper(RunMapping.Wire(stepRun.State)), stepRun.ErrorCode,
            stepRun.CreatedAt, stepRun.StartedAt, stepRun.EndedAt);

    public static LegacyWorkItem ToLegacy(this WorkItem item, long? runNumber, bool includeData) =>
        new(item.Id, item.ProcessId, item.ProcessRunId, runNumber, item.StepRunId, State(item.State), item.CreatedAt, item.StateUpdatedAt,
            item.ExceptionType is { } type ? new LegacyWorkItemFailure(type.ToString().ToUpperInvariant(), item.ExceptionCode, item.ExceptionMessage) : null,
            includeData ? RunMapping.Json(item.Payload) : null);

    public static string State(WorkItemState state) => state == WorkItemState.Done ? "COMPLETED" : Upper(RunMapping.Wire(state));

    private static string Upper(string wire) => wire.ToUpperInvariant();
}
