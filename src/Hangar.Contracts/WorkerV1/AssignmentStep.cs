namespace Hangar.Contracts.WorkerV1;

/// <summary>The process step a step run executes; <c>position</c> is 0 for the first step.</summary>
public sealed record AssignmentStep(string Id, string Name, int Position);
