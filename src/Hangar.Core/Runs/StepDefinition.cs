namespace Hangar.Core.Runs;

/// <summary>A step as a caller describes it when creating or changing a process.</summary>
public sealed record StepDefinition(
    string? Name,
    string? TaskPackageId,
    string? TaskPackageVersionId,
    string? Task,
    string? WorkerGroupId,
    int? TimeoutSeconds,
    int? MaxParallel,
    int? RetriesOnWorkerLoss);
