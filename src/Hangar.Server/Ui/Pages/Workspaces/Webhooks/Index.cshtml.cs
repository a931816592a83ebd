using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Hangar.Core.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Webhooks;

/// <summary>
/// The Webhooks tab: the workspace's webhooks; people who may write add one, and see its secret once, in the answer to
/// Add (never in a URL, never again).
/// </summary>
public sealed class WebhooksModel(WebhookService webhooks, ProcessService processes) : UiPage
{
    public IReadOnlyList<Webhook> Webhooks { get; private set; } = [];
    public string? NextAfter { get; private set; }
    public IReadOnlyList<Process> Processes { get; private set; } = [];

    public bool CanWrite => Can(Permissions.WriteWebhooks);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>Whether the Add form is open.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Add { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Endpoint { get; set; }

    [BindProperty]
    public List<string> Events { get; set; } = [WebhookEvents.RunCompleted, WebhookEvents.RunUnresolved];

    [BindProperty]
    public string? ProcessId { get; set; }

    /// <summary>The webhook just added, with its secret (shown this once).</summary>
    public (Webhook Webhook, string Secret)? Created { get; private set; }

    public string ProcessName(string? processId) =>
        processId is null ? "Every process" : Processes.FirstOrDefault(p => p.Id == processId)?.Name ?? processId;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Add = Add && CanWrite;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        Require(Permissions.WriteWebhooks);
        try
        {
            Created = await webhooks.CreateAsync(Caller, WorkspaceId, string.IsNullOrWhiteSpace(Name) ? null : Name, Endpoint, Events,
                string.IsNullOrEmpty(ProcessId) ? null : ProcessId, ct);
            Add = false;
            ModelState.Clear();
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.NotFound or ErrorKind.Conflict)
        {
            Add = true;
            await LoadAsync(ct);
            return FormError(ex);
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "webhooks";
        Require(Permissions.ReadWebhooks);
        var page = await webhooks.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Webhooks = page.Items;
        NextAfter = page.NextAfter(w => w.Id);
        Processes = (await processes.ListAsync(WorkspaceId, new PageRequest(null, PageRequest.MaxLimit), ct)).Items;
    }
}
