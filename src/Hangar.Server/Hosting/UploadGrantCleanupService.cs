using Hangar.Core.Stores;

namespace Hangar.Server.Hosting;

/// <summary>Forgets used upload URLs once they have expired (they are refused for their age then), once an hour.</summary>
public sealed partial class UploadGrantCleanupService(IServiceScopeFactory scopes, TimeProvider time, ILogger<UploadGrantCleanupService> logger)
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
                var removed = await scope.ServiceProvider.GetRequiredService<IUploadGrantStore>().DeleteExpiredAsync(time.GetUtcNow(), stoppingToken);
                LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forgot {Count} expired upload URLs")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup of used upload URLs failed; it runs again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
