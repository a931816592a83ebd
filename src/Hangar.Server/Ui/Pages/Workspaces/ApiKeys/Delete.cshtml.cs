using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.ApiKeys;

/// <summary>Asks before deleting a key (More actions → Delete): whatever uses it is refused from its next request on.</summary>
public sealed class DeleteApiKeyModel(ApiKeyService keys) : ConfirmDeletePage
{
    private ApiKey _key = null!;

    protected override string Tab => "api";
    protected override string Permission => Permissions.WriteApiKeys;
    public override (string Label, string Url) List => ("API keys", $"/workspaces/{WorkspaceId}/api-keys");
    public override string ThingName => _key.Name;
    public override string Question => $"Delete API key “{_key.Name}”?";
    public override string Consequence => "Scripts and systems using this key are refused from their next request on. This cannot be undone.";
    protected override string DoneNotice => $"API key “{_key.Name}” deleted.";

    /// <summary>As the rest of the API tab: workspace admins only.</summary>
    protected override void Authorize() => RequireWorkspaceAdmin("manage API keys");

    protected override async Task LoadAsync(string id, CancellationToken ct) => _key = await keys.GetAsync(WorkspaceId, id, ct);

    protected override Task DeleteAsync(CancellationToken ct) => keys.DeleteAsync(Caller, Grant, _key.Id, ct);
}
