namespace Hangar.Contracts.V1.Stats;

/// <summary>Runs that ended on one local date, by outcome.</summary>
public sealed record RunStatsDayResponse(DateOnly Date, long Completed, long Unresolved, long Stopped, long FailedToStart);
