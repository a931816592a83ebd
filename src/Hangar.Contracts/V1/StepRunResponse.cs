using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record StepRunResponse(
    string Id,
    long Number,
    string State,
    DateTimeOffset StateUpdatedAt,
    StepRunError? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    double? Duration,
    NamedRef Step,
    IdRef ProcessRun);
