using Hangar.Core.Errors;
using Hangar.Core.Services;
using Hangar.Core.Vault;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>Adds a secret: a name, a description and key/value pairs, as <c>POST .../vault/secrets</c>.</summary>
public sealed class NewSecretModel(VaultService vault) : UiPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    public SecretForm Form { get; private set; } = new();

    public void OnGet()
    {
        Load();
        Form.Blank = 3;
    }

    public async Task<IActionResult> OnPostAsync(bool moreRows, CancellationToken ct)
    {
        Load();
        Form = SecretForm.Read(Request.Form);
        if (moreRows)
        {
            Form.Blank = SecretForm.BlankRows + 2;
            return Page();
        }

        try
        {
            var secret = await vault.CreateAsync(Caller, WorkspaceId, Name?.Trim(), string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
                SecretValue.FromEntries(Form.NewPairs()), ct);
            Notice = $"Secret “{secret.Name}” created.";
            return LocalRedirect($"/workspaces/{WorkspaceId}/vault");
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.PayloadTooLarge)
        {
            return FormError(ex);
        }
    }

    private void Load()
    {
        Chrome.ActiveTab = "vault";
        Require(Permissions.WriteSecrets);
    }
}
