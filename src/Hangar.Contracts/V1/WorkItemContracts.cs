using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record WorkItemExceptionResponse(string? Code, string Type, string? Message);

public sealed record WorkItemFileResponse(string Id, long Size, string Name);

public sealed record WorkItemResponse(
    string Id,
    DateTimeOffset CreatedAt,
    string State,
    DateTimeOffset StateUpdatedAt,
    IdRef Process,
    IdRef? ProcessRun,
    IdRef? Step,
    IdRef? StepRun,
    WorkItemExceptionResponse? Exception,
    JsonElement? Payload,
    IReadOnlyList<WorkItemFileResponse>? Files);

public sealed record CreateWorkItemRequest(IdRef? Process, JsonElement? Payload);

public sealed record PayloadRequest(JsonElement? Payload);

public sealed record PayloadResponse(JsonElement? Payload);

public sealed record WorkItemBatchRequest(string? BatchOperation, List<string>? WorkItemIds);

/// <summary>A run output as Robocorp's v1 lists it.</summary>
public sealed record RunOutputResponse(string Id, DateTimeOffset CreatedAt, IdRef Process, IdRef ProcessRun, JsonElement? Payload,
    IReadOnlyList<WorkItemFileResponse> Files);
