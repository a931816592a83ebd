namespace Hangar.Core.Runs;

/// <summary>Timings of dispatch: leases, the watchdog, worker liveness. Tests shorten them; production keeps the defaults.</summary>
public sealed class DispatchOptions
{
    /// <summary>How long a claim or heartbeat keeps a step run with its worker.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the watchdog looks for lapsed leases.</summary>
    public TimeSpan WatchdogInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A worker not heard from for this long is shown offline.</summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A waiting claim looks at the queue again this often even without a wake-up: a safety net for a wake-up that was
    /// lost (another node's notification sent while this node's listener was reconnecting).
    /// </summary>
    public TimeSpan ClaimRecheck { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a run token outlives the step's timeout, so that a robot finishing late can still release its item.</summary>
    public TimeSpan RunTokenMargin { get; init; } = TimeSpan.FromMinutes(5);
}
