namespace Hangar.Core.Runs;

/// <summary>Which work items a list shows; null fields do not filter. <see cref="OnlyOutputs"/> keeps items made by a step.</summary>
public sealed record WorkItemFilter(string? ProcessId = null, string? ProcessRunId = null, WorkItemState? State = null, bool OnlyOutputs = false);
