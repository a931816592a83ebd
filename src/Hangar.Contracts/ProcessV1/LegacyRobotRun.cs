using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

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
