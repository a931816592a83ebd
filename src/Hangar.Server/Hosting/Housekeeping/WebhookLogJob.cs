using Hangar.Core.Webhooks;

namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>Deletes webhook deliveries (and their attempts) older than the delivery log keeps them: 14 days.</summary>
public sealed class WebhookLogJob(IWebhookStore webhooks, TimeProvider time) : IHousekeepingJob
{
    public string Name => "webhook delivery log";

    public Task<int> RunAsync(CancellationToken ct) => webhooks.DeleteLogBeforeAsync(time.GetUtcNow() - WebhookLimits.LogRetention, ct);
}
