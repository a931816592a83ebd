namespace Hangar.Core.Stats;

/// <summary>The runs that ended on one local date.</summary>
public sealed record DayRunStats(DateOnly Date, RunOutcomeCounts Outcomes);
