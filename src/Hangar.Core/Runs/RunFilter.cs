using Hangar.Core.Stats;

namespace Hangar.Core.Runs;

/// <summary>
/// Which runs a list shows; null fields do not filter. <see cref="Outcome"/> keeps ended runs that count as that outcome
/// in the statistics (<see cref="StatsOutcomes"/>); <see cref="EndedFrom"/> and <see cref="EndedBefore"/> keep runs that
/// ended in [from, before), as a dashboard day does.
/// </summary>
public sealed record RunFilter(
    string? ProcessId = null,
    ProcessRunState? State = null,
    RunOutcome? Outcome = null,
    DateTimeOffset? EndedFrom = null,
    DateTimeOffset? EndedBefore = null);
