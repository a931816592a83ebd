using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>
/// The Vault tab: secrets by name, description and key names, never their values in a list. "Show values" is a POST
/// behind <c>Vault.read_secret_values</c> (audited, as the API's value route) and shows them in read-only fields.
/// </summary>
public sealed class VaultModel(VaultService vault) : UiPage
{
    public IReadOnlyList<VaultSecret> Secrets { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteSecrets);
    public bool CanReadValues => Can(Permissions.ReadSecretValues);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public string? SecretId { get; set; }

    /// <summary>The secret whose values are shown, after Show values.</summary>
    public (VaultSecret Secret, IReadOnlyList<KeyValuePair<string, string>> Entries)? Shown { get; private set; }

    public IReadOnlyList<string>? KeysOf(VaultSecret secret) => vault.KeysOf(secret);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostShowValuesAsync(CancellationToken ct)
    {
        Require(Permissions.ReadSecrets);
        Require(Permissions.ReadSecretValues);
        var (secret, value) = await vault.ReadValueAsync(Caller, WorkspaceId, SecretId is { } id && Ids.IsWellFormed(id) ? id : "-", ct);
        Shown = (secret, value.Entries);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "vault";
        Require(Permissions.ReadSecrets);
        var page = await vault.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Secrets = page.Items;
        NextAfter = page.NextAfter(s => s.Id);
    }
}
