using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

public sealed record LegacyRun(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processId")] string ProcessId,
    [property: JsonPropertyName("processRunNo")] long ProcessRunNo,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs,
    [property: JsonPropertyName("startTs")] DateTimeOffset? StartTs,
    [property: JsonPropertyName("endTs")] DateTimeOffset? EndTs,
    [property: JsonPropertyName("stopReason")] string? StopReason);
