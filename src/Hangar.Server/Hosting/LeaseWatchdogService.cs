using Hangar.Core.Coordination;
using Hangar.Core.Runs;
using Hangar.Core.Services;

namespace Hangar.Server.Hosting;

/// <summary>
/// Runs the <see cref="LeaseWatchdog"/> every <see cref="DispatchOptions.WatchdogInterval"/> on the leading node (see
/// <see cref="ILeadership"/>): the other nodes would only race it for the same rows. Each lapsed step run is handled in
/// its own scope (fresh reads), and every change is conditional, so two nodes sweeping at once (a leader that just lost
/// its connection and the next one) is still safe. A new leader waits one lease before its first sweep.
/// </summary>
public sealed partial class LeaseWatchdogService(IServiceScopeFactory scopes, ILeadership leadership, DispatchOptions options, TimeProvider time,
    ILogger<LeaseWatchdogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.WatchdogInterval, time);
        DateTimeOffset? leadingSince = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await leadership.IsLeaderAsync(stoppingToken))
                {
                    leadingSince = null;
                    continue;
                }

                // A node that has just taken the lead (the first node of a cluster to start, or after a failover) gives
                // workers one whole lease to reach it before it takes anything back: while no node was leading (or
                // none answered at all), leases lapsed that workers had no way to renew, and their robots may well
                // have finished, with ends waiting to be reported. Taking those back would run them twice.
                leadingSince ??= time.GetUtcNow();
                if (time.GetUtcNow() - leadingSince.Value >= options.Lease)
                {
                    await SweepAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        IReadOnlyList<Core.Domain.StepRun> lapsed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            lapsed = await scope.ServiceProvider.GetRequiredService<LeaseWatchdog>().ListLapsedAsync(ct);
        }

        foreach (var stepRun in lapsed)
        {
            await using var scope = scopes.CreateAsyncScope();
            using var fields = RunLogScope.Begin(logger, stepRun);
            var requeued = await scope.ServiceProvider.GetRequiredService<LeaseWatchdog>().HandleAsync(stepRun, ct);
            LogLost(logger, stepRun.Id, stepRun.WorkerId, requeued);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step run {StepRunId} lost its worker {WorkerId}; queued again: {Requeued}")]
    private static partial void LogLost(ILogger logger, string stepRunId, string? workerId, bool requeued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The lease watchdog's sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
