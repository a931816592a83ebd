using System.Globalization;
using System.Text.Json;
using Hangar.Contracts.V1;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Webhooks;
using Hangar.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hangar.Server.Endpoints;

/// <summary>
/// Webhooks over v1: Robocorp's routes (list, create, get, delete) and Hangar's (update, test event, delivery log,
/// resend). The secret is in the create answer only.
/// </summary>
public static class WebhookEndpoints
{
    public static void MapWebhookEndpoints(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/workspaces/{workspace_id}/webhooks").WithTags("Webhooks");
        group.MapGet("", ListAsync).RequireWorkspacePermission(Permissions.ReadWebhooks)
            .WithSummary("The workspace's webhooks: {next, has_more, data: [{id, name, process, enabled_events, endpoint, ...}]}.");
        group.MapPost("", CreateAsync).RequireWorkspacePermission(Permissions.WriteWebhooks)
            .WithSummary("Create a webhook {endpoint, enabled_events, process?: {id}, name?}; the answer is the only one that carries its secret.");
        group.MapGet("/{webhook_id}", GetAsync).RequireWorkspacePermission(Permissions.ReadWebhooks).WithSummary("One webhook (without its secret).");
        group.MapPut("/{webhook_id}", UpdateAsync).RequireWorkspacePermission(Permissions.WriteWebhooks)
            .WithSummary("Change a webhook's name, endpoint or events (fields left out are kept); pending deliveries go to the new endpoint.");
        group.MapDelete("/{webhook_id}", DeleteAsync).RequireWorkspacePermission(Permissions.WriteWebhooks)
            .WithSummary("Delete a webhook with its pending deliveries and its log.");
        group.MapPost("/{webhook_id}/test", TestAsync).RequireWorkspacePermission(Permissions.WriteWebhooks)
            .WithSummary("Send a test event (webhook.test, sample content, signed with the webhook's secret); answers the delivery.");
        group.MapGet("/{webhook_id}/deliveries", ListDeliveriesAsync).RequireWorkspacePermission(Permissions.ReadWebhooks)
            .WithSummary("The webhook's deliveries, newest first (kept 14 days): event, state, attempts, last status.");
        group.MapGet("/{webhook_id}/deliveries/{delivery_id}", GetDeliveryAsync).RequireWorkspacePermission(Permissions.ReadWebhooks)
            .WithSummary("One delivery with the JSON that was sent and every attempt (status, latency, first 1 KB of the answer).");
        group.MapPost("/{webhook_id}/deliveries/{delivery_id}/resend", ResendAsync).RequireWorkspacePermission(Permissions.WriteWebhooks)
            .WithSummary("Send a delivery's event again (same body and event id, to the current endpoint), as a new delivery.");
        group.MapGet("/{webhook_id}/log", ListLogAsync).RequireWorkspacePermission(Permissions.ReadWebhooks)
            .WithSummary("The delivery log: every attempt, newest first (kept 14 days).");
    }

    public static WebhookResponse ToResponse(this Webhook webhook, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new WebhookResponse(webhook.Id, webhook.Name, webhook.ProcessId is null ? null : new IdRef(webhook.ProcessId), webhook.Events,
            webhook.Endpoint, webhook.SecretPreview, webhook.CreatedAt, webhook.UpdatedAt, secret);
    }

    public static WebhookDeliveryResponse ToResponse(this WebhookDelivery delivery, IReadOnlyList<WebhookDeliveryAttempt>? attempts = null)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        JsonElement? body = null;
        if (attempts is not null)
        {
            using var parsed = JsonDocument.Parse(delivery.Body);
            body = parsed.RootElement.Clone();
        }

        return new WebhookDeliveryResponse(Id(delivery.Id), delivery.EventId, delivery.Event, delivery.State.ToString().ToLowerInvariant(),
            delivery.Attempts, delivery.CreatedAt, delivery.State == WebhookDeliveryState.Pending ? delivery.NextAttemptAt : null, delivery.LastAttemptAt,
            delivery.LastStatusCode, delivery.LastError, delivery.ProcessRunId is null ? null : new IdRef(delivery.ProcessRunId),
            delivery.ResendOf is { } original ? Id(original) : null, body, attempts?.Select(ToResponse).ToList());
    }

    public static WebhookAttemptResponse ToResponse(this WebhookDeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new WebhookAttemptResponse(Id(attempt.Id), Id(attempt.DeliveryId), attempt.Event, attempt.Attempt, attempt.AttemptedAt,
            attempt.StatusCode, attempt.LatencyMs, attempt.Response, attempt.Error);
    }

    private static async Task<Ok<PageResponse<WebhookResponse>>> ListAsync(string workspace_id, HttpContext http, WebhookService webhooks,
        CancellationToken ct)
    {
        var page = await webhooks.ListAsync(workspace_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, w => w.Id, w => w.ToResponse()));
    }

    private static async Task<Ok<WebhookResponse>> CreateAsync(string workspace_id, CreateWebhookRequest body, HttpContext http, WebhookService webhooks,
        CancellationToken ct)
    {
        Validate.Required(body, "body");
        if (body.Process is { Id: null })
        {
            throw HangarException.Invalid("missing_field", "'process.id' is required; leave 'process' out for a webhook of the whole workspace.");
        }

        var (webhook, secret) = await webhooks.CreateAsync(http.RequireCaller(), workspace_id, body.Name, body.Endpoint, body.EnabledEvents,
            body.Process?.Id, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(webhook.ToResponse(secret));
    }

    private static async Task<Ok<WebhookResponse>> GetAsync(string workspace_id, string webhook_id, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok((await webhooks.GetAsync(workspace_id, webhook_id, ct)).ToResponse());

    private static async Task<Ok<WebhookResponse>> UpdateAsync(string workspace_id, string webhook_id, UpdateWebhookRequest body, HttpContext http,
        WebhookService webhooks, CancellationToken ct)
    {
        Validate.Required(body, "body");
        var webhook = await webhooks.UpdateAsync(http.RequireCaller(), workspace_id, webhook_id, body.Name, body.Endpoint, body.EnabledEvents, ct);
        return TypedResults.Ok(webhook.ToResponse());
    }

    private static async Task<Ok<DeletedResponse>> DeleteAsync(string workspace_id, string webhook_id, HttpContext http, WebhookService webhooks,
        CancellationToken ct)
    {
        await webhooks.DeleteAsync(http.RequireCaller(), workspace_id, webhook_id, ct);
        return TypedResults.Ok(new DeletedResponse(webhook_id, true));
    }

    private static async Task<Ok<WebhookDeliveryResponse>> TestAsync(string workspace_id, string webhook_id, HttpContext http, WebhookService webhooks,
        CancellationToken ct) =>
        TypedResults.Ok((await webhooks.SendTestAsync(http.RequireCaller(), workspace_id, webhook_id, ct)).ToResponse());

    private static async Task<Ok<PageResponse<WebhookDeliveryResponse>>> ListDeliveriesAsync(string workspace_id, string webhook_id, HttpContext http,
        WebhookService webhooks, CancellationToken ct)
    {
        var page = await webhooks.ListDeliveriesAsync(workspace_id, webhook_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, d => Id(d.Id), d => d.ToResponse()));
    }

    private static async Task<Ok<WebhookDeliveryResponse>> GetDeliveryAsync(string workspace_id, string webhook_id, string delivery_id,
        WebhookService webhooks, CancellationToken ct)
    {
        var (delivery, attempts) = await webhooks.GetDeliveryAsync(workspace_id, webhook_id, delivery_id, ct);
        return TypedResults.Ok(delivery.ToResponse(attempts));
    }

    private static async Task<Ok<WebhookDeliveryResponse>> ResendAsync(string workspace_id, string webhook_id, string delivery_id, HttpContext http,
        WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok((await webhooks.ResendAsync(http.RequireCaller(), workspace_id, webhook_id, delivery_id, ct)).ToResponse());

    private static async Task<Ok<PageResponse<WebhookAttemptResponse>>> ListLogAsync(string workspace_id, string webhook_id, HttpContext http,
        WebhookService webhooks, CancellationToken ct)
    {
        var page = await webhooks.ListLogAsync(workspace_id, webhook_id, V1Paging.Read(http), ct);
        return TypedResults.Ok(V1Paging.Respond(http, page, a => Id(a.Id), a => a.ToResponse()));
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
