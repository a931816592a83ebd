using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.ApiKeys;

/// <summary>Edit a key's name, permissions and expiry (More actions → Edit); the change applies to its next request.</summary>
public sealed class EditApiKeyModel(ApiKeyService keys) : UiPage
{
    public ApiKey Key { get; private set; } = null!;

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public List<string> Permissions { get; set; } = [];

    [BindProperty]
    public DateTime? ExpiresOn { get; set; }

    public async Task OnGetAsync(string apiKeyId, CancellationToken ct)
    {
        await LoadAsync(apiKeyId, ct);
        Name = Key.Name;
        Permissions = Key.Permissions;
        ExpiresOn = Key.ExpiresAt is { } at ? at.UtcDateTime.Date.AddDays(-1) : null;
    }

    public async Task<IActionResult> OnPostAsync(string apiKeyId, CancellationToken ct)
    {
        await LoadAsync(apiKeyId, ct);
        try
        {
            var expiresAt = UiFormat.EndOfDayUtc(ExpiresOn);
            await keys.UpdateAsync(Caller, Grant, Key.Id, Name ?? "", Permissions, setExpiry: true, expiresAt, ct);
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Forbidden)
        {
            return FormError(ex);
        }

        Notice = $"API key “{Name}” saved.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/api-keys");
    }

    private async Task LoadAsync(string id, CancellationToken ct)
    {
        Chrome.ActiveTab = "api";
        RequireWorkspaceAdmin("manage API keys");

        Key = await keys.GetAsync(WorkspaceId, id, ct);
    }
}
