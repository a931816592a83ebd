using Hangar.Core.Coordination;
using Hangar.Core.Retention;

namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>
/// Deletes the runs each workspace's retention lets go (<see cref="RetentionService.SweepAsync"/>), stopping between
/// batches when this node stops leading or the server stops.
/// </summary>
public sealed partial class RunRetentionJob(RetentionService retention, ILeadership leadership, TimeProvider time, ILogger<RunRetentionJob> logger)
    : IHousekeepingJob
{
    public string Name => "run retention";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var sweep = await retention.SweepAsync(() => leadership.IsLeader, ct);
        if (sweep.Runs > 0 || sweep.Blobs > 0)
        {
            var seconds = time.GetElapsedTime(started).TotalSeconds;
            LogSwept(logger, sweep.Runs, sweep.Blobs, sweep.PagesReclaimed, seconds, seconds > 0 ? sweep.Runs / seconds : 0);
        }

        return sweep.Runs;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention deleted {Runs} expired runs and {Blobs} files and gave {Pages} database pages back in {Seconds:0.0} s ({RunsPerSecond:0} runs/s)")]
    private static partial void LogSwept(ILogger logger, int runs, int blobs, long pages, double seconds, double runsPerSecond);
}
