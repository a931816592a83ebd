using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Server.Hosting;

/// <summary>Writes counted API key usage every <see cref="ApiKeyUsageTracker.FlushInterval"/>, and once more on shutdown.</summary>
public sealed partial class ApiKeyUsageFlushService(ApiKeyUsageTracker tracker, IServiceScopeFactory scopes, TimeProvider time,
    ILogger<ApiKeyUsageFlushService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ApiKeyUsageTracker.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await tracker.FlushAsync(scope.ServiceProvider.GetRequiredService<IApiKeyStore>(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing API key usage failed; it is kept and retried")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
