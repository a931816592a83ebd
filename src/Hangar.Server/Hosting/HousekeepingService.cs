using Hangar.Core.Coordination;
using Hangar.Core.Runs;
using Hangar.Core.Stores;

namespace Hangar.Server.Hosting;

/// <summary>
/// Once an hour, deletes what has expired (sessions, idempotency keys, used upload URLs, invitations, used request signatures, the
/// webhook delivery log after 14 days) so those tables do not grow without bound. Only the leading node does it (see <see cref="ILeadership"/>); the deletes are harmless twice anyway.
/// </summary>
public sealed partial class HousekeepingService(IServiceScopeFactory scopes, ILeadership leadership, TimeProvider time, ILogger<HousekeepingService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await leadership.IsLeaderAsync(stoppingToken))
                {
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                var now = time.GetUtcNow();
                var removed = await scope.ServiceProvider.GetRequiredService<ISessionStore>().DeleteExpiredAsync(now, stoppingToken);
                removed += await scope.ServiceProvider.GetRequiredService<IRunStore>()
                    .ForgetIdempotencyAsync(null, null, now - RunLimits.IdempotencyWindow, stoppingToken);
                // Used upload URLs are refused for their age once expired: their records can go.
                removed += await scope.ServiceProvider.GetRequiredService<IUploadGrantStore>().DeleteExpiredAsync(now, stoppingToken);
                // Expired invitations can no longer be accepted; they are only clutter.
                removed += await scope.ServiceProvider.GetRequiredService<Core.Invitations.IInvitationStore>().DeleteExpiredAsync(now, stoppingToken);
                // So are signatures of signed requests whose timestamps are too old by now.
                removed += await scope.ServiceProvider.GetRequiredService<Core.RequestReplay.IUsedRequestSignatureStore>()
                    .DeleteExpiredAsync(now, stoppingToken);
                // The webhook delivery log is kept 14 days.
                removed += await scope.ServiceProvider.GetRequiredService<Core.Webhooks.IWebhookStore>()
                    .DeleteLogBeforeAsync(now - Core.Webhooks.WebhookLimits.LogRetention, stoppingToken);
                LogRemoved(logger, removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed {Count} expired sessions, idempotency keys, used upload URLs, invitations and used request signatures")]
    private static partial void LogRemoved(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Housekeeping failed; it runs again in an hour")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
