namespace Hangar.Core.Runs;

/// <summary>
/// What creating an output needs of its parent item, read in one query: where the parent is, and the step after the
/// parent's step in the process (null after the last step, or when the parent has no step).
/// </summary>
public sealed record OutputParent(string Id, string ProcessId, string? ProcessRunId, string? StepId, string? NextStepId);
