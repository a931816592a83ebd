using Hangar.Core.Stores;

namespace Hangar.Server.Hosting;

/// <summary>Deletes expired sessions once an hour so the table does not grow without bound.</summary>
public sealed partial class SessionCleanupService(IServiceScopeFactory scopes, TimeProvider time, ILogger<SessionCleanupService> logger)
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
                var removed = await scope.ServiceProvider.GetRequiredService<ISessionStore>().DeleteExpiredAsync(time.GetUtcNow(), stoppingToken);
                LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} expired sessions")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session cleanup failed; it runs again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
