using Hangar.Core.Webhooks;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Webhooks;

/// <summary>Asks before deleting a webhook with its pending deliveries and its log.</summary>
public sealed class DeleteWebhookModel(WebhookService webhooks) : ConfirmDeletePage
{
    private Webhook _webhook = null!;

    protected override string Tab => "webhooks";
    protected override string Permission => Permissions.WriteWebhooks;
    public override (string Label, string Url) List => ("Webhooks", $"/workspaces/{WorkspaceId}/webhooks");
    public override string? ThingUrl => $"/workspaces/{WorkspaceId}/webhooks/{_webhook.Id}";
    public override string ThingName => _webhook.Name;
    public override string Question => $"Delete webhook “{_webhook.Name}”?";
    public override string Consequence =>
        "Its endpoint receives no more events: deliveries still pending are dropped, and its delivery log goes with it. This cannot be undone.";
    protected override string DoneNotice => $"Webhook “{_webhook.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) => _webhook = await webhooks.GetAsync(WorkspaceId, id, ct);

    protected override Task DeleteAsync(CancellationToken ct) => webhooks.DeleteAsync(Caller, WorkspaceId, _webhook.Id, ct);
}
