using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>The legacy Process API's list wrapper: <c>{"data": [...]}</c>.</summary>
public sealed record DataList<T>([property: JsonPropertyName("data")] IReadOnlyList<T> Data);

public sealed record LegacyProcess(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs);

public sealed record LegacyRun(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processId")] string ProcessId,
    [property: JsonPropertyName("processRunNo")] long ProcessRunNo,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs,
    [property: JsonPropertyName("startTs")] DateTimeOffset? StartTs,
    [property: JsonPropertyName("endTs")] DateTimeOffset? EndTs,
    [property: JsonPropertyName("stopReason")] string? StopReason);

public sealed record LegacyRobotRun(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processRunId")] string ProcessRunId,
    [property: JsonPropertyName("activityId")] string ActivityId,
    [property: JsonPropertyName("runNo")] long RunNo,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("errorCode")] string? ErrorCode,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs,
    [property: JsonPropertyName("startTs")] DateTimeOffset? StartTs,
    [property: JsonPropertyName("endTs")] DateTimeOffset? EndTs);

public sealed record LegacyWorkItemFailure(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("message")] string? Message);

public sealed record LegacyWorkItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processId")] string ProcessId,
    [property: JsonPropertyName("processRunId")] string? ProcessRunId,
    [property: JsonPropertyName("processRunNo")] long? ProcessRunNo,
    [property: JsonPropertyName("activityRunId")] string? ActivityRunId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs,
    [property: JsonPropertyName("stateTs")] DateTimeOffset StateTs,
    [property: JsonPropertyName("exception")] LegacyWorkItemFailure? Exception,
    [property: JsonPropertyName("payload")] JsonElement? Payload);

/// <summary>The answer to starting a run through the legacy APIs.</summary>
public sealed record LegacyStarted(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processRunId")] string ProcessRunId,
    [property: JsonPropertyName("processRunNo")] long ProcessRunNo,
    [property: JsonPropertyName("workItemIds")] IReadOnlyList<string> WorkItemIds);

public sealed record LegacyRunRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("workItemIds")] List<string>? WorkItemIds);

public sealed record LegacyCreateWorkItem([property: JsonPropertyName("payload")] JsonElement? Payload);

public sealed record LegacyId([property: JsonPropertyName("id")] string Id);
