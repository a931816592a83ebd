namespace Hangar.Core.Webhooks;

/// <summary>
/// One event on its way to one receiver: a row of the outbox, written in the same transaction as the change it reports,
/// and kept afterwards as the delivery log (for <see cref="WebhookLimits.LogRetention"/>). A webhook's deliveries go
/// to its current endpoint with its secret; a run callback's carry their URL and (encrypted) secret with them, so they
/// do not depend on the run still existing.
/// </summary>
public sealed class WebhookDelivery
{
    /// <summary>Given by the database in insertion order; the order deliveries of one run are sent in.</summary>
    public long Id { get; set; }

    public required string WorkspaceId { get; init; }

    /// <summary>The webhook it goes to; null for a run's callback.</summary>
    public string? WebhookId { get; init; }

    /// <summary>The run the event is about, if any.</summary>
    public string? ProcessRunId { get; init; }

    /// <summary>Whom it goes to: the webhook's id, or the run's id for a callback. Deliveries of one target go one at a time.</summary>
    public required string TargetId { get; init; }

    /// <summary>
    /// Deliveries of one target with the same key go strictly in order (the run's id: a run's events never overtake one
    /// another); others only start in order.
    /// </summary>
    public required string OrderingKey { get; init; }

    /// <summary>The event's id (the body's <c>id</c>): the same for every receiver of the event and for every resend.</summary>
    public required string EventId { get; init; }

    public required string Event { get; init; }

    /// <summary>The exact JSON sent, and signed.</summary>
    public required string Body { get; init; }

    public string? CallbackUrl { get; init; }

    /// <summary>The callback's secret as the run stores it (encrypted under <see cref="Runs.RunCallback.SecretContext"/>).</summary>
    public byte[]? CallbackSecret { get; init; }

    public WebhookDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>After this no attempt is made: the retry window (24 hours) from its creation.</summary>
    public DateTimeOffset GiveUpAt { get; init; }

    /// <summary>While set and in the future, a node is sending it; nobody else may.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }

    /// <summary>The delivery this one repeats (a resend), if any.</summary>
    public long? ResendOf { get; init; }
}
