using Hangar.Core.Runs;

namespace Hangar.Core.Domain;

/// <summary>One execution of one step on one worker (Robocorp's "robot run" or "activity run").</summary>
public sealed class StepRun
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    public required string ProcessRunId { get; init; }
    public required string StepId { get; init; }
    public int StepPosition { get; init; }

    /// <summary>Numbered per run, 1, 2, 3, ...</summary>
    public int Number { get; init; }

    /// <summary>The package version this step run executes, fixed when it is created.</summary>
    public required string TaskPackageVersionId { get; init; }

    public string? WorkerGroupId { get; init; }
    public StepRunState State { get; set; }
    public string? ErrorCode { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset StateUpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>How many times a worker claimed it (1 after the first claim).</summary>
    public int Attempt { get; set; }

    /// <summary>The worker holding it while in progress (kept afterwards to show where it ran).</summary>
    public string? WorkerId { get; set; }

    /// <summary>Until when the holding worker's lease runs; heartbeats push it on, the watchdog acts once it lapses.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }
}
