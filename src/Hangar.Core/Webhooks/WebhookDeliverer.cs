using Hangar.Core.Runs;
using Hangar.Core.Security;

namespace Hangar.Core.Webhooks;

/// <summary>
/// One step of the sender: takes a target's next delivery (holding it with a lease so no other node sends it), sends
/// it, and writes the attempt to the log with what follows: delivered on a 2xx answer; otherwise tried again after
/// the backoff (<see cref="WebhookOptions.NextAttempt"/>) until its retry window closes, then failed. A node that stops
/// mid-attempt writes nothing: the lease runs out and the delivery is sent again (at least once, never lost).
/// </summary>
public sealed class WebhookDeliverer(IWebhookStore store, WebhookSender sender, MasterKey masterKey, WebhookOptions options, TimeProvider time)
{
    /// <summary>Sends the target's next ready delivery; null when it has none now.</summary>
    public async Task<WebhookAttemptOutcome?> DeliverNextAsync(string targetId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var delivery = await store.ClaimNextAsync(targetId, now, now + options.Lease, ct);
        if (delivery is null)
        {
            return null;
        }

        var destination = await DestinationAsync(delivery, ct);
        var result = destination is { } d
            ? await sender.SendAsync(d.Url, d.Secret, delivery.Body, delivery.Event, delivery.Id, ct)
            : new WebhookSendResult(null, 0, null, "invalid_endpoint", Final: true);
        var attempt = delivery.Attempts + 1;
        var at = time.GetUtcNow();
        DateTimeOffset? next = null;
        var state = WebhookDeliveryState.Delivered;
        if (!result.Delivered)
        {
            next = result.Final ? null : options.NextAttempt(attempt, at, delivery.GiveUpAt);
            state = next is null ? WebhookDeliveryState.Failed : WebhookDeliveryState.Pending;
        }

        await store.RecordAttemptAsync(new WebhookDeliveryAttempt
        {
            DeliveryId = delivery.Id,
            WorkspaceId = delivery.WorkspaceId,
            WebhookId = delivery.WebhookId,
            Attempt = attempt,
            Event = delivery.Event,
            AttemptedAt = at,
            StatusCode = result.StatusCode,
            LatencyMs = result.LatencyMs,
            Response = result.Response,
            Error = result.Error,
        }, state, next, ct);
        return new WebhookAttemptOutcome(delivery, attempt, result, state, next);
    }

    /// <summary>Where the delivery goes and its signing secret: the webhook's current ones, or the callback's own.</summary>
    private async Task<(Uri Url, string? Secret)?> DestinationAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        string url;
        string? secret = null;
        if (delivery.WebhookId is { } webhookId)
        {
            // Deleting a webhook deletes its deliveries; one claimed just before is sent no more.
            var webhook = await store.FindAsync(delivery.WorkspaceId, webhookId, ct);
            if (webhook is null)
            {
                return null;
            }

            url = webhook.Endpoint;
            secret = masterKey.DecryptString(webhook.EncryptedSecret, Webhook.SecretContext(webhook.Id));
        }
        else
        {
            url = delivery.CallbackUrl ?? string.Empty;
            if (delivery.CallbackSecret is { } sealedSecret && delivery.ProcessRunId is { } runId)
            {
                secret = masterKey.DecryptString(sealedSecret, RunCallback.SecretContext(runId));
            }
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? (uri, secret) : null;
    }
}
