using Hangar.Core.Domain;
using Hangar.Core.Services;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Assets;

/// <summary>Asks before deleting an asset and its content.</summary>
public sealed class DeleteAssetModel(AssetService assets) : ConfirmDeletePage
{
    private Asset _asset = null!;

    protected override string Tab => "assets";
    protected override string Permission => Permissions.WriteAssets;
    public override (string Label, string Url) List => ("Assets", $"/workspaces/{WorkspaceId}/assets");
    public override string ThingName => _asset.Name;
    public override string Question => $"Delete asset “{_asset.Name}”?";
    public override string Consequence => "Its content is removed, and robots that read it fail from their next read on. This cannot be undone.";
    protected override string DoneNotice => $"Asset “{_asset.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) =>
        _asset = await assets.GetAsync(WorkspaceId, Ids.IsWellFormed(id) ? id : "-", ct);

    protected override Task DeleteAsync(CancellationToken ct) => assets.DeleteAsync(WorkspaceId, _asset.Id, ct);
}
