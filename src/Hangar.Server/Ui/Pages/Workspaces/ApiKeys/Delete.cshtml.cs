using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.ApiKeys;

/// <summary>Asks before deleting a key (More actions → Delete): whatever uses it is refused from its next request on.</summary>
public sealed class DeleteApiKeyModel(ApiKeyService keys) : UiPage
{
    public ApiKey Key { get; private set; } = null!;

    public Task OnGetAsync(string apiKeyId, CancellationToken ct) => LoadAsync(apiKeyId, ct);

    public async Task<IActionResult> OnPostAsync(string apiKeyId, CancellationToken ct)
    {
        await LoadAsync(apiKeyId, ct);
        await keys.DeleteAsync(Caller, WorkspaceId, Key.Id, ct);
        Notice = $"API key “{Key.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/api-keys");
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        Chrome.ActiveTab = "api";
        if (Chrome.Grant is not { IsAdmin: true })
        {
            throw HangarException.Forbidden("workspace_admin_required", "Only workspace admins can manage API keys.");
        }

        Key = await keys.GetAsync(WorkspaceId, id, ct);
    }
}
