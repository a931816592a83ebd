namespace Hangar.Core.Schedules;

/// <summary>What came of a schedule's time.</summary>
public enum ScheduleFireOutcome
{
    /// <summary>A run was started.</summary>
    Started,

    /// <summary>A run of the process was still active and the overlap policy is <see cref="OverlapPolicy.Skip"/>.</summary>
    SkippedOverlap,

    /// <summary>The time was missed (downtime) and the catch-up policy is <see cref="CatchUpPolicy.Skip"/>.</summary>
    SkippedMissed,

    /// <summary>The run could not start (e.g. the process has no steps); the error says why.</summary>
    Failed,
}
