using Hangar.Core.Paging;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Webhooks, their outbox of deliveries and the delivery log. Deliveries of run events are written by the run stores
/// in the transaction of the change they report; this store adds the ones people ask for (resend, test) and serves
/// the sender, whose every step is a conditional update so that two nodes never send the same attempt.
/// </summary>
public interface IWebhookStore
{
    Task AddAsync(Webhook webhook, CancellationToken ct);

    /// <summary>The webhook, tracked (a change is written by <see cref="SaveAsync"/>).</summary>
    Task<Webhook?> FindAsync(string workspaceId, string id, CancellationToken ct);

    Task<Page<Webhook>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    Task<int> CountAsync(string workspaceId, CancellationToken ct);

    Task SaveAsync(CancellationToken ct);

    /// <summary>Deletes the webhook with its pending deliveries and its log.</summary>
    Task DeleteAsync(Webhook webhook, CancellationToken ct);

    /// <summary>The webhook's deliveries, newest first (the cursor is a delivery id).</summary>
    Task<Page<WebhookDelivery>> ListDeliveriesAsync(string webhookId, PageRequest page, CancellationToken ct);

    Task<WebhookDelivery?> FindDeliveryAsync(string webhookId, long deliveryId, CancellationToken ct);

    /// <summary>A delivery's attempts, first to last.</summary>
    Task<IReadOnlyList<WebhookDeliveryAttempt>> ListAttemptsAsync(long deliveryId, CancellationToken ct);

    /// <summary>The webhook's attempts of all deliveries, newest first (the delivery log; the cursor is an attempt id).</summary>
    Task<Page<WebhookDeliveryAttempt>> ListLogAsync(string webhookId, PageRequest page, CancellationToken ct);

    /// <summary>Adds a delivery (a resend or a test event) and tells the other nodes that one waits.</summary>
    Task AddDeliveryAsync(WebhookDelivery delivery, CancellationToken ct);

    /// <summary>
    /// Up to <paramref name="limit"/> targets (webhooks, runs with callbacks), other than <paramref name="busy"/>, with
    /// a delivery that may be sent now: due, held by no node, and with no earlier delivery of its run still pending.
    /// </summary>
    Task<IReadOnlyList<string>> ListReadyTargetsAsync(DateTimeOffset now, IReadOnlyCollection<string> busy, int limit, CancellationToken ct);

    /// <summary>
    /// When the next delivery that may go next (of a target other than <paramref name="busy"/>) becomes due, or its
    /// holder's lease runs out; null when none is pending.
    /// </summary>
    Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> busy, CancellationToken ct);

    /// <summary>
    /// Takes the target's first delivery that may be sent now (see <see cref="ListReadyTargetsAsync"/>) by setting its
    /// lease, conditionally, so only one node gets it; null when there is none.
    /// </summary>
    Task<WebhookDelivery?> ClaimNextAsync(string targetId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct);

    /// <summary>
    /// Writes an attempt to the log and moves its delivery on in one transaction: delivered, failed (given up), or
    /// pending again at <paramref name="nextAttemptAt"/>; the lease is released.
    /// </summary>
    Task RecordAttemptAsync(WebhookDeliveryAttempt attempt, WebhookDeliveryState state, DateTimeOffset? nextAttemptAt, CancellationToken ct);

    /// <summary>Deletes attempts, and deliveries no longer pending, made before <paramref name="cutoff"/>.</summary>
    Task<int> DeleteLogBeforeAsync(DateTimeOffset cutoff, CancellationToken ct);
}
