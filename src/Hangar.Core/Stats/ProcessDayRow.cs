namespace Hangar.Core.Stats;

/// <summary>One process's ended runs and ended work items on one day of the period.</summary>
public sealed record ProcessDayRow(string ProcessId, int Day, RunOutcomeCounts Outcomes, WorkItemCounts WorkItems);
