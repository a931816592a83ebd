namespace Hangar.Core.Domain;

/// <summary>One step of a process: which task of which package runs, where, and within which limits.</summary>
public sealed class ProcessStep
{
    public required string Id { get; init; }
    public required string ProcessId { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>0 for the first step.</summary>
    public int Position { get; set; }

    public required string Name { get; set; }
    public required string TaskPackageId { get; set; }

    /// <summary>A pinned package version, or null to use the package's latest at the time a step run is created.</summary>
    public string? TaskPackageVersionId { get; set; }

    public required string Task { get; set; }
    public string? WorkerGroupId { get; set; }
    public int TimeoutSeconds { get; set; }

    /// <summary>How many step runs of this step may work on a run's items at once.</summary>
    public int MaxParallel { get; set; }

    /// <summary>How often a step run is queued again when its worker disappears.</summary>
    public int RetriesOnWorkerLoss { get; set; }
}
