namespace Hangar.Contracts.V1;

/// <summary>
/// A run on v1. <see cref="State"/> is one of Robocorp's states: a run whose stop has ended reports <c>stopping</c>, as
/// Robocorp does; <see cref="HangarState"/> (Hangar's addition) tells <c>stopping</c> (robots still running) from
/// <c>stopped</c> (ended), and is otherwise equal to <see cref="State"/>.
/// </summary>
public sealed record ProcessRunResponse(
    string Id,
    long Number,
    string State,
    string HangarState,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    NamedRef Process,
    StartedByResponse StartedBy,
    double? Duration,
    string? StopReason);
