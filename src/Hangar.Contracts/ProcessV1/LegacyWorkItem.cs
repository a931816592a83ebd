using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

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
