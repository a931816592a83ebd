namespace Hangar.Core.Webhooks;

/// <summary>Where a delivery stands: still to be (re)tried, acknowledged with a 2xx answer, or given up.</summary>
public enum WebhookDeliveryState
{
    Pending,
    Delivered,
    Failed,
}
