using System.Text.Json.Serialization;

namespace Hangar.Contracts.ProcessV1;

/// <summary>release-work-item: <c>state</c> COMPLETED or FAILED, with the exception of a failure.</summary>
public sealed record ReleaseWorkItemRequest(
    [property: JsonPropertyName("workItemId")] string? WorkItemId,
    [property: JsonPropertyName("state")] string? State,
    [property: JsonPropertyName("exception")] ReleaseFailure? Exception);
