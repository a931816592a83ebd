namespace Hangar.Core.Webhooks;

/// <summary>What one attempt of <see cref="WebhookDeliverer"/> did, for the sender's log.</summary>
public sealed record WebhookAttemptOutcome(WebhookDelivery Delivery, int Attempt, WebhookSendResult Result, WebhookDeliveryState State,
    DateTimeOffset? NextAttemptAt);
