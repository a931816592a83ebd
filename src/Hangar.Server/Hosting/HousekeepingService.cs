using Hangar.Core.Runs;
using Hangar.Core.Stores;

namespace Hangar.Server.Hosting;

/// <summary>Deletes expired sessions and idempotency keys once an hour so those tables do not grow without bound.</summary>
public sealed partial class HousekeepingService(IServiceScopeFactory scopes, TimeProvider time, ILogger<HousekeepingService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var now = time.GetUtcNow();
                var removed = await scope.ServiceProvider.GetRequiredService<ISessionStore>().DeleteExpiredAsync(now, stoppingToken);
                removed += await scope.ServiceProvider.GetRequiredService<IRunStore>()
                    .ForgetIdempotencyAsync(null, null, now - RunLimits.IdempotencyWindow, stoppingToken);
                LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} expired sessions and idempotency keys")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed; it runs again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
