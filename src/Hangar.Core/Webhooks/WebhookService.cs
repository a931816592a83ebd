using System.Globalization;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;

namespace Hangar.Core.Webhooks;

/// <summary>
/// Webhooks as people and keys manage them (Robocorp's v1 routes, plus name, update, test event, log and resend).
/// Route permissions are enforced before these methods run; every change is audited, never with the secret.
/// </summary>
public sealed class WebhookService(IWebhookStore store, IProcessStore processes, MasterKey masterKey, WebhookOptions options, WebhookSignal signal,
    AuditLog audit, TimeProvider time)
{
    /// <summary>Creates a webhook; the secret is returned here and never again.</summary>
    public async Task<(Webhook Webhook, string Secret)> CreateAsync(Caller caller, string workspaceId, string? name, string? endpoint,
        IEnumerable<string?>? events, string? processId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var uri = WebhookEndpoint.Parse(endpoint, "endpoint");
        var canonical = WebhookEvents.Canonicalize(events);
        var validName = name is null ? uri.Host : Validate.Name(name);
        string? process = null;
        if (processId is not null)
        {
            process = (Ids.IsWellFormed(processId) ? await processes.FindAsync(workspaceId, processId, ct) : null)?.Id
                      ?? throw HangarException.NotFound("The process");
        }

        if (await store.CountAsync(workspaceId, ct) >= WebhookLimits.MaxPerWorkspace)
        {
            throw HangarException.Conflict("too_many_webhooks", $"A workspace has at most {WebhookLimits.MaxPerWorkspace} webhooks; delete one first.");
        }

        await WebhookEndpoint.CheckAsync(uri, options.AllowPrivateEndpoints, "endpoint", ct);
        var secret = SecretTokens.New(WebhookLimits.SecretPrefix, WebhookLimits.SecretRandomLength);
        var id = Ids.New();
        var now = time.GetUtcNow();
        var webhook = new Webhook
        {
            Id = id,
            WorkspaceId = workspaceId,
            ProcessId = process,
            Name = validName,
            Endpoint = uri.OriginalString.Trim(),
            Events = canonical,
            EncryptedSecret = masterKey.EncryptString(secret, Webhook.SecretContext(id)),
            SecretPreview = secret[..(WebhookLimits.SecretPrefix.Length + 4)],
            CreatedByName = caller.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.AddAsync(webhook, ct);
        await audit.RecordAsync(caller, AuditActions.WebhookCreated, Target(webhook), ct);
        return (webhook, secret);
    }

    public Task<Page<Webhook>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) => store.ListAsync(workspaceId, page, ct);

    public async Task<Webhook> GetAsync(string workspaceId, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await store.FindAsync(workspaceId, id, ct) : null) ?? throw HangarException.NotFound("The webhook");

    /// <summary>Changes what is given (name, endpoint, events); pending deliveries go to the new endpoint.</summary>
    public async Task<Webhook> UpdateAsync(Caller caller, string workspaceId, string id, string? name, string? endpoint, IEnumerable<string?>? events,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var webhook = await GetAsync(workspaceId, id, ct);
        var validName = name is null ? webhook.Name : Validate.Name(name);
        var canonical = events is null ? webhook.Events : WebhookEvents.Canonicalize(events);
        var newEndpoint = webhook.Endpoint;
        if (endpoint is not null)
        {
            var uri = WebhookEndpoint.Parse(endpoint, "endpoint");
            await WebhookEndpoint.CheckAsync(uri, options.AllowPrivateEndpoints, "endpoint", ct);
            newEndpoint = uri.OriginalString.Trim();
        }

        webhook.Name = validName;
        webhook.Events = canonical;
        webhook.Endpoint = newEndpoint;
        webhook.UpdatedAt = time.GetUtcNow();
        await store.SaveAsync(ct);
        await audit.RecordAsync(caller, AuditActions.WebhookUpdated, Target(webhook), ct);
        return webhook;
    }

    public async Task DeleteAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var webhook = await GetAsync(workspaceId, id, ct);
        await store.DeleteAsync(webhook, ct);
        await audit.RecordAsync(caller, AuditActions.WebhookDeleted, Target(webhook), ct);
    }

    public async Task<Page<WebhookDelivery>> ListDeliveriesAsync(string workspaceId, string webhookId, PageRequest page, CancellationToken ct)
    {
        var webhook = await GetAsync(workspaceId, webhookId, ct);
        return await store.ListDeliveriesAsync(webhook.Id, page, ct);
    }

    /// <summary>A delivery of the webhook with its attempts, first to last.</summary>
    public async Task<(WebhookDelivery Delivery, IReadOnlyList<WebhookDeliveryAttempt> Attempts)> GetDeliveryAsync(string workspaceId, string webhookId,
        string deliveryId, CancellationToken ct)
    {
        var delivery = await FindDeliveryAsync(workspaceId, webhookId, deliveryId, ct);
        return (delivery, await store.ListAttemptsAsync(delivery.Id, ct));
    }

    public async Task<Page<WebhookDeliveryAttempt>> ListLogAsync(string workspaceId, string webhookId, PageRequest page, CancellationToken ct)
    {
        var webhook = await GetAsync(workspaceId, webhookId, ct);
        return await store.ListLogAsync(webhook.Id, page, ct);
    }

    /// <summary>
    /// Sends a delivery's event again, as a new delivery with the same body (so the same event id: receivers that
    /// de-duplicate see a repeat) to the webhook's current endpoint, retried as any delivery is.
    /// </summary>
    public async Task<WebhookDelivery> ResendAsync(Caller caller, string workspaceId, string webhookId, string deliveryId, CancellationToken ct)
    {
        var original = await FindDeliveryAsync(workspaceId, webhookId, deliveryId, ct);
        var resend = NewDelivery(original.WorkspaceId, original.WebhookId!, original.ProcessRunId, original.EventId, original.Event, original.Body,
            original.Id);
        await store.AddDeliveryAsync(resend, ct);
        signal.Raise();
        await audit.RecordAsync(caller, AuditActions.WebhookDeliveryResent,
            new AuditTarget("webhook", webhookId, $"delivery {original.Id} ({original.Event})", workspaceId), ct);
        return resend;
    }

    /// <summary>"Send test event": a delivery of <see cref="WebhookEvents.Test"/> with sample content, whatever events the webhook has.</summary>
    public async Task<WebhookDelivery> SendTestAsync(Caller caller, string workspaceId, string webhookId, CancellationToken ct)
    {
        var webhook = await GetAsync(workspaceId, webhookId, ct);
        var eventId = Ids.New();
        var delivery = NewDelivery(webhook.WorkspaceId, webhook.Id, null, eventId, WebhookEvents.Test,
            WebhookBodies.Test(eventId, time.GetUtcNow(), webhook), null);
        await store.AddDeliveryAsync(delivery, ct);
        signal.Raise();
        await audit.RecordAsync(caller, AuditActions.WebhookTestSent, Target(webhook), ct);
        return delivery;
    }

    private async Task<WebhookDelivery> FindDeliveryAsync(string workspaceId, string webhookId, string deliveryId, CancellationToken ct)
    {
        var webhook = await GetAsync(workspaceId, webhookId, ct);
        return (long.TryParse(deliveryId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                   ? await store.FindDeliveryAsync(webhook.Id, id, ct)
                   : null)
               ?? throw HangarException.NotFound("The delivery");
    }

    /// <summary>A delivery people asked for: due now, ordered only among itself (it neither waits for nor holds up a run's events).</summary>
    private WebhookDelivery NewDelivery(string workspaceId, string webhookId, string? runId, string eventId, string eventName, string body, long? resendOf)
    {
        var now = time.GetUtcNow();
        return new WebhookDelivery
        {
            WorkspaceId = workspaceId,
            WebhookId = webhookId,
            ProcessRunId = runId,
            TargetId = webhookId,
            OrderingKey = Ids.New(),
            EventId = eventId,
            Event = eventName,
            Body = body,
            State = WebhookDeliveryState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
            GiveUpAt = now + options.RetryWindow,
            ResendOf = resendOf,
        };
    }

    private static AuditTarget Target(Webhook webhook) => new("webhook", webhook.Id, webhook.Name, webhook.WorkspaceId);
}
