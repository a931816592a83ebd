using Hangar.Core.Paging;
using Hangar.Core.Services;
using Hangar.Core.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Webhooks;

/// <summary>
/// One webhook: what it receives and where, its latest deliveries (each can be sent again) and the delivery log of
/// attempts with the receiver's answers; "Send test event" sends a signed sample.
/// </summary>
public sealed class WebhookModel(WebhookService webhooks, ProcessService processes) : UiPage
{
    public const int Shown = 50;

    public Webhook Webhook { get; private set; } = null!;
    public string ProcessName { get; private set; } = "Every process";
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];
    public IReadOnlyList<WebhookDeliveryAttempt> Attempts { get; private set; } = [];

    public bool CanWrite => Can(Permissions.WriteWebhooks);

    [BindProperty]
    public string? DeliveryId { get; set; }

    public Task OnGetAsync(string webhookId, CancellationToken ct) => LoadAsync(webhookId, ct);

    public async Task<IActionResult> OnPostTestAsync(string webhookId, CancellationToken ct)
    {
        Require(Permissions.WriteWebhooks);
        var delivery = await webhooks.SendTestAsync(Caller, WorkspaceId, webhookId, ct);
        Notice = $"Test event sent (delivery {delivery.Id}); its result appears in the log below.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/webhooks/{webhookId}");
    }

    public async Task<IActionResult> OnPostResendAsync(string webhookId, CancellationToken ct)
    {
        Require(Permissions.WriteWebhooks);
        var resend = await webhooks.ResendAsync(Caller, WorkspaceId, webhookId, DeliveryId ?? "", ct);
        Notice = $"Delivery {DeliveryId} sent again as delivery {resend.Id}.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/webhooks/{webhookId}");
    }

    /// <summary>The CSS state class of a delivery's state.</summary>
    public static string StateClass(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Delivered => "state state-completed",
        WebhookDeliveryState.Failed => "state state-failed",
        _ => "state state-in_progress",
    };

    private async Task LoadAsync(string webhookId, CancellationToken ct)
    {
        Chrome.ActiveTab = "webhooks";
        Require(Permissions.ReadWebhooks);
        Webhook = await webhooks.GetAsync(WorkspaceId, webhookId, ct);
        if (Webhook.ProcessId is { } processId)
        {
            ProcessName = (await processes.GetAsync(WorkspaceId, processId, ct)).Name;
        }

        Deliveries = (await webhooks.ListDeliveriesAsync(WorkspaceId, Webhook.Id, new PageRequest(null, Shown), ct)).Items;
        Attempts = (await webhooks.ListLogAsync(WorkspaceId, Webhook.Id, new PageRequest(null, Shown * 2), ct)).Items;
    }
}
