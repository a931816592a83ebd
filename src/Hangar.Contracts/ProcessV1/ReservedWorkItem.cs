using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>The answer to reserve-next-work-item: the item now held, or null when the step's queue is empty.</summary>
public sealed record ReservedWorkItem([property: JsonPropertyName("workItemId")] string? WorkItemId);
