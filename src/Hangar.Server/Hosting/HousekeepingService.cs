using Hangar.Core.Coordination;
using Hangar.Server.Hosting.Housekeeping;

namespace Hangar.Server.Hosting;

/// <summary>
/// Every hour (<see cref="HangarServerOptions.HousekeepingIntervalSeconds"/>), and once shortly after the start, runs
/// the registered <see cref="IHousekeepingJob"/>s: expired records, run retention, and whatever else registers one.
/// Only the leading node does it (see <see cref="ILeadership"/>); every job is harmless twice anyway.
/// </summary>
public sealed partial class HousekeepingService(IServiceScopeFactory scopes, ILeadership leadership, HangarServerOptions options, TimeProvider time,
    ILogger<HousekeepingService> logger) : BackgroundService
{
    /// <summary>The first sweep waits this long after the start (or one interval, if shorter), so a server restarted often still sweeps.</summary>
    private static readonly TimeSpan FirstSweepDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.HousekeepingIntervalSeconds);
        try
        {
            await Task.Delay(interval < FirstSweepDelay ? interval : FirstSweepDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await SweepAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server stops.
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        try
        {
            if (!await leadership.IsLeaderAsync(ct))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, "leadership", ex);
            return;
        }

        int jobs;
        await using (var scope = scopes.CreateAsyncScope())
        {
            jobs = scope.ServiceProvider.GetServices<IHousekeepingJob>().Count();
        }

        // Each job in a scope of its own (a fresh unit of work), so that one job's failure leaves the next untouched.
        for (var i = 0; i < jobs && !ct.IsCancellationRequested; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = scope.ServiceProvider.GetServices<IHousekeepingJob>().ElementAt(i);
            try
            {
                LogRemoved(logger, job.Name, await job.RunAsync(ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, job.Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Housekeeping: {Job} removed {Count}")]
    private static partial void LogRemoved(ILogger logger, string job, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed ({Job}); it runs again at the next sweep")]
    private static partial void LogFailed(ILogger logger, string job, Exception ex);
}
