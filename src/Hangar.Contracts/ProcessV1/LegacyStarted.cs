using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>The answer to starting a run through the legacy APIs.</summary>
public sealed record LegacyStarted(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("processRunId")] string ProcessRunId,
    [property: JsonPropertyName("processRunNo")] long ProcessRunNo,
    [property: JsonPropertyName("workItemIds")] IReadOnlyList<string> WorkItemIds);
