using System.Text.Json;

namespace Hangar.Contracts.V1;

/// <summary>A run output as Robocorp's v1 lists it.</summary>
public sealed record RunOutputResponse(string Id, DateTimeOffset CreatedAt, IdRef Process, IdRef ProcessRun, JsonElement? Payload,
    IReadOnlyList<WorkItemFileResponse> Files);
