using Hangar.Core.Errors;
using Hangar.Core.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Webhooks;

/// <summary>Edit a webhook's name, endpoint and events (its scope stays); deliveries still pending go to the new endpoint.</summary>
public sealed class EditWebhookModel(WebhookService webhooks) : UiPage
{
    public Webhook Webhook { get; private set; } = null!;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Endpoint { get; set; }

    [BindProperty]
    public List<string> Events { get; set; } = [];

    public async Task OnGetAsync(string webhookId, CancellationToken ct)
    {
        await LoadAsync(webhookId, ct);
        Name = Webhook.Name;
        Endpoint = Webhook.Endpoint;
        Events = Webhook.Events;
    }

    public async Task<IActionResult> OnPostAsync(string webhookId, CancellationToken ct)
    {
        await LoadAsync(webhookId, ct);
        try
        {
            await webhooks.UpdateAsync(Caller, WorkspaceId, Webhook.Id, string.IsNullOrWhiteSpace(Name) ? null : Name, Endpoint ?? "", Events, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            return FormError(ex);
        }

        Notice = $"Webhook “{Webhook.Name}” saved.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/webhooks/{Webhook.Id}");
    }

    private async Task LoadAsync(string webhookId, CancellationToken ct)
    {
        Chrome.ActiveTab = "webhooks";
        Require(Permissions.WriteWebhooks);
        Webhook = await webhooks.GetAsync(WorkspaceId, webhookId, ct);
    }
}
