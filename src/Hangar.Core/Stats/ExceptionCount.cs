namespace Hangar.Core.Stats;

/// <summary>How many work items failed with one exception type and code in the period.</summary>
public sealed record ExceptionCount(Runs.WorkItemExceptionType Type, string? Code, long Count);
