using System.Text.Json;

namespace Hangar.Contracts.V1;

public sealed record ProcessRunResponse(
    string Id,
    long Number,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    NamedRef Process,
    StartedByResponse StartedBy,
    double? Duration,
    string? StopReason);
