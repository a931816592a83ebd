using Hangar.Core.Runs;

namespace Hangar.Core.Domain;

/// <summary>One execution of a process.</summary>
public sealed class ProcessRun
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    /// <summary>1, 2, 3, ... per process; given by the store when the run is written.</summary>
    public long Number { get; set; }
    public ProcessRunState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset StateUpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The step whose step runs are working now (0-based).</summary>
    public int CurrentStep { get; set; }

    /// <summary><c>api</c>, <c>user</c>, <c>schedule</c> or <c>email</c>.</summary>
    public required string StartedByType { get; init; }

    public string? StartedById { get; init; }
    public string? StartedByName { get; init; }
    public string? StopReason { get; set; }

    /// <summary>
    /// The stop asked to end the robots running now (<c>terminate_ongoing_activity_runs</c>); when false, step runs in
    /// progress finish on their own and the run stays <c>stopping</c> until they have.
    /// </summary>
    public bool StopTerminatesOngoing { get; set; }

    /// <summary>
    /// The stop asked to set remaining items done (<c>set_remaining_work_items_as_done</c>) rather than failed; kept for
    /// the items that step runs finishing after the stop still leave behind.
    /// </summary>
    public bool StopSetsRemainingDone { get; set; }

    /// <summary>Where to POST run events for this run (a trigger's <c>callback</c>), or null.</summary>
    public string? CallbackUrl { get; init; }

    public byte[]? CallbackSecret { get; init; }
    public string? CallbackEvents { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the trigger that started the run (null when nothing traced it), so that the claim,
    /// the robot and its runtime calls join the run's trace whichever node or worker handles them later.
    /// </summary>
    public string? TraceParent { get; init; }
}
