using Hangar.Core.Domain;
using Hangar.Core.Services;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Vault;

/// <summary>Asks before deleting a secret: robots that read it fail from their next read on.</summary>
public sealed class DeleteSecretModel(VaultService vault) : ConfirmDeletePage
{
    private VaultSecret _secret = null!;

    protected override string Tab => "vault";
    protected override string Permission => Permissions.WriteSecrets;
    public override (string Label, string Url) List => ("Vault", $"/workspaces/{WorkspaceId}/vault");
    public override string ThingName => _secret.Name;
    public override string Question => $"Delete secret “{_secret.Name}”?";
    public override string Consequence => "Robots that read it fail from their next read on. Its values are gone for good: this cannot be undone.";
    protected override string DoneNotice => $"Secret “{_secret.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) =>
        _secret = await vault.GetAsync(WorkspaceId, Ids.IsWellFormed(id) ? id : "-", ct);

    protected override Task DeleteAsync(CancellationToken ct) => vault.DeleteAsync(Caller, WorkspaceId, _secret.Id, ct);
}
