using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>The answer to release-work-item: the item and the state it ended in.</summary>
public sealed record ReleasedWorkItem(
    [property: JsonPropertyName("workItemId")] string WorkItemId,
    [property: JsonPropertyName("state")] string State);
