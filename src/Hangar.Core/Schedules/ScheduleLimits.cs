namespace Hangar.Core.Schedules;

/// <summary>Bounds on schedules and the pace of the scheduler.</summary>
public static class ScheduleLimits
{
    public const int MaxPerProcess = 100;
    public const int MaxCronLength = 200;
    public const int MaxTimeZoneLength = Errors.Validate.MaxTimeZoneLength;

    /// <summary>How many upcoming times each schedule in an answer lists (<c>next_fire_times</c>).</summary>
    public const int NextFireTimesShown = 5;

    public const int DefaultPreviewCount = 5;
    public const int MaxPreviewCount = 50;

    /// <summary>Due schedules handled per pass; a pass that hits it starts the next one at once.</summary>
    public const int DueBatch = 100;

    /// <summary>Missed times counted one by one at most (a per-second schedule after a week away stops counting here).</summary>
    public const int MaxMissedCounted = 100_000;

    /// <summary>
    /// A time handled later than this after it came is missed, as if the node had been down: the catch-up policy
    /// decides about it. Within it, the time fires as usual (a node that woke a little late, a busy database).
    /// </summary>
    public static readonly TimeSpan MissedAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The longest the scheduler sleeps without looking at the schedules again: changes made on other nodes are seen
    /// within it (the node that took a change looks at once).
    /// </summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    /// <summary>How long the record of each handled time is kept (the claim only matters around its time).</summary>
    public static readonly TimeSpan FiresKept = TimeSpan.FromDays(30);
}
