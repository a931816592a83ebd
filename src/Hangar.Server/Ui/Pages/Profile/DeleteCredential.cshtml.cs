using Hangar.Core.Domain;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Profile;

/// <summary>Asks before deleting one of the user's access credentials: tools using it, and tokens vended to it, stop working.</summary>
public sealed class DeleteCredentialModel(AccessCredentialService credentials) : UiPage
{
    public AccessCredential Credential { get; private set; } = null!;

    public async Task OnGetAsync(string credentialId, CancellationToken ct) =>
        Credential = await credentials.GetAsync(Caller, credentialId, ct);

    public async Task<IActionResult> OnPostAsync(string credentialId, CancellationToken ct)
    {
        Credential = await credentials.GetAsync(Caller, credentialId, ct);
        await credentials.DeleteAsync(Caller, Credential.Id, ct);
        Notice = $"Access credential “{Credential.Name}” deleted.";
        return LocalRedirect("/profile");
    }
}
