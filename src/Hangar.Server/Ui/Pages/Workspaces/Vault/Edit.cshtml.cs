using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>
/// Changes a secret's description and keys (More actions → Edit). Values are never put into the form: an empty value
/// keeps the key's current one, so people who may write but not read values can still edit.
/// </summary>
public sealed class EditSecretModel(VaultService vault) : UiPage
{
    public VaultSecret Secret { get; private set; } = null!;

    [BindProperty]
    public string? Description { get; set; }

    public SecretForm Form { get; private set; } = new();

    public async Task OnGetAsync(string secretId, CancellationToken ct)
    {
        await LoadAsync(secretId, ct);
        Description = Secret.Description;
        foreach (var key in vault.KeysOf(Secret) ?? [])
        {
            Form.Rows.Add((key, ""));
        }
    }

    public async Task<IActionResult> OnPostAsync(string secretId, bool moreRows, CancellationToken ct)
    {
        await LoadAsync(secretId, ct);
        Form = SecretForm.Read(Request.Form, Form.ExistingKeys);
        if (moreRows)
        {
            Form.Blank = SecretForm.BlankRows + 2;
            return Page();
        }

        try
        {
            await vault.UpdateEntriesAsync(Caller, WorkspaceId, Secret.Id, string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
                Form.UpdatePairs(), ct);
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.PayloadTooLarge)
        {
            return FormError(ex);
        }

        Notice = $"Secret “{Secret.Name}” saved.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/vault");
    }

    private async Task LoadAsync(string secretId, CancellationToken ct)
    {
        Chrome.ActiveTab = "vault";
        Require(Permissions.WriteSecrets);
        Secret = await vault.GetAsync(WorkspaceId, Ids.IsWellFormed(secretId) ? secretId : "-", ct);
        Form = new SecretForm { ExistingKeys = (vault.KeysOf(Secret) ?? []).ToHashSet(StringComparer.Ordinal) };
    }
}
