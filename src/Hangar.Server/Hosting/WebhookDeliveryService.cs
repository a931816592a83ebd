using Hangar.Core.Coordination;
using Hangar.Core.Webhooks;

namespace Hangar.Server.Hosting;

/// <summary>
/// Sends the webhook outbox, on the leading node only (see <see cref="ILeadership"/>). It wakes when deliveries are
/// written (on this node, or on another through the database's notification), when the next retry falls due, and at
/// least every <see cref="WebhookOptions.IdleCheck"/>. Each receiver (target) with a delivery ready gets a task that
/// sends its deliveries one at a time, oldest first, up to <see cref="WebhookOptions.MaxConcurrentTargets"/> receivers
/// at once. Every delivery is claimed with a lease before it is sent, so two nodes that both believe they lead (a
/// handover) still never send the same attempt.
/// </summary>
public sealed partial class WebhookDeliveryService(IServiceScopeFactory scopes, ILeadership leadership, WebhookSignal signal, WebhookOptions options,
    Core.Observability.HangarMetrics metrics, TimeProvider time, ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leaderCheckedAt = DateTimeOffset.MinValue;
        var leads = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Taken before looking, so deliveries written during the look still wake the wait below.
            var wake = signal.NextAsync();
            var wait = options.IdleCheck;
            foreach (var done in _running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
            {
                _running.Remove(done);
            }

            try
            {
                // Asked at most every IdleCheck: a node that does not lead is woken by every event written anywhere.
                var now = time.GetUtcNow();
                if (now - leaderCheckedAt >= options.IdleCheck)
                {
                    leads = await leadership.IsLeaderAsync(stoppingToken);
                    leaderCheckedAt = now;
                }

                if (leads)
                {
                    wait = await StartReadyTargetsAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }

            try
            {
                var waits = _running.Values.Append(wake).Append(Task.Delay(wait, time, stoppingToken));
                await Task.WhenAny(waits);
                stoppingToken.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        // Attempts under way end with the server's stop; what they do not record is sent again after their lease.
        await Task.WhenAll(_running.Values).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    /// <summary>Starts a sender for each receiver with a delivery ready; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> StartReadyTargetsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IWebhookStore>();
        var now = time.GetUtcNow();
        var free = options.MaxConcurrentTargets - _running.Count;
        if (free > 0)
        {
            foreach (var target in await store.ListReadyTargetsAsync(now, _running.Keys, free, ct))
            {
                _running[target] = Task.Run(() => DeliverAsync(target, ct), CancellationToken.None);
            }
        }

        // The receivers being sent to wake this loop when they finish; until then only the others' next time counts.
        var next = await store.NextDueAsync(_running.Keys, ct);
        var wait = next is { } at ? at - time.GetUtcNow() : options.IdleCheck;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.IdleCheck ? options.IdleCheck : wait;
    }

    /// <summary>Sends one receiver's ready deliveries one after the other until none is ready.</summary>
    private async Task DeliverAsync(string target, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<WebhookDeliverer>().DeliverNextAsync(target, ct);
                if (outcome is null)
                {
                    return;
                }

                Log(outcome);
                metrics.WebhookDelivery(outcome.State switch
                {
                    WebhookDeliveryState.Delivered => "delivered",
                    WebhookDeliveryState.Pending => "retry",
                    _ => "failed",
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the delivery under way is sent again after its lease.
        }
        catch (Exception ex)
        {
            LogTargetFailed(logger, target, ex);
        }
    }

    private void Log(WebhookAttemptOutcome outcome)
    {
        var d = outcome.Delivery;
        switch (outcome.State)
        {
            case WebhookDeliveryState.Delivered:
                LogDelivered(logger, d.Id, d.Event, d.TargetId, outcome.Attempt, outcome.Result.StatusCode, outcome.Result.LatencyMs);
                break;
            case WebhookDeliveryState.Pending:
                LogRetry(logger, d.Id, d.Event, d.TargetId, outcome.Attempt, outcome.Result.StatusCode, outcome.Result.Error, outcome.NextAttemptAt);
                break;
            default:
                LogGaveUp(logger, d.Id, d.Event, d.TargetId, outcome.Attempt, outcome.Result.StatusCode, outcome.Result.Error);
                break;
        }
    }

    // Targets are webhook or run ids, never endpoints: an endpoint's URL may carry a token of the receiver's.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery {DeliveryId} ({Event}) to {Target} delivered at attempt {Attempt}: {Status} in {LatencyMs} ms")]
    private static partial void LogDelivered(ILogger logger, long deliveryId, string @event, string target, int attempt, int? status, int latencyMs);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Delivery {DeliveryId} ({Event}) to {Target} failed at attempt {Attempt} ({Status} {Error}); next attempt at {NextAttemptAt}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string @event, string target, int attempt, int? status, string? error,
        DateTimeOffset? nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Event}) to {Target} given up after attempt {Attempt} ({Status} {Error})")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string @event, string target, int attempt, int? status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending deliveries to {Target} failed; they are tried again at the next look")]
    private static partial void LogTargetFailed(ILogger logger, string target, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The webhook sender's look at the outbox failed; it looks again shortly")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
