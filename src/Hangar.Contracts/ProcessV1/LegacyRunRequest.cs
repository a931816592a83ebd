using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

public sealed record LegacyRunRequest(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("workItemIds")] List<string>? WorkItemIds);
