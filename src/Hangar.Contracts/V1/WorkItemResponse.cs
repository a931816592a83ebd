using System.Text.Json;

namespace Hangar.Contracts.V1;

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
