using Hangar.Core.Domain;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>Asks before deleting a secret: robots that read it fail from their next read on.</summary>
public sealed class DeleteSecretModel(VaultService vault) : UiPage
{
    public VaultSecret Secret { get; private set; } = null!;

    public Task OnGetAsync(string secretId, CancellationToken ct) => LoadAsync(secretId, ct);

    public async Task<IActionResult> OnPostAsync(string secretId, CancellationToken ct)
    {
        await LoadAsync(secretId, ct);
        await vault.DeleteAsync(Caller, WorkspaceId, Secret.Id, ct);
        Notice = $"Secret “{Secret.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/vault");
    }

    private async Task LoadAsync(string secretId, CancellationToken ct)
    {
        Chrome.ActiveTab = "vault";
        Require(Permissions.WriteSecrets);
        Secret = await vault.GetAsync(WorkspaceId, Ids.IsWellFormed(secretId) ? secretId : "-", ct);
    }
}
