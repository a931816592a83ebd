using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>A run on process-v1; <see cref="State"/> as on v1 (a stopped run is <c>STOPPING</c>), <see cref="HangarState"/> Hangar's own.</summary>
public sealed record LegacyRun(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processId")] string ProcessId,
    [property: JsonPropertyName("processRunNo")] long ProcessRunNo,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("hangarState")] string HangarState,
    [property: JsonPropertyName("createTs")] DateTimeOffset CreateTs,
    [property: JsonPropertyName("startTs")] DateTimeOffset? StartTs,
    [property: JsonPropertyName("endTs")] DateTimeOffset? EndTs,
    [property: JsonPropertyName("stopReason")] string? StopReason);
