using Hangar.Core.Domain;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Assets;

/// <summary>Asks before deleting an asset and its content.</summary>
public sealed class DeleteAssetModel(AssetService assets) : UiPage
{
    public Asset Asset { get; private set; } = null!;

    public Task OnGetAsync(string assetId, CancellationToken ct) => LoadAsync(assetId, ct);

    public async Task<IActionResult> OnPostAsync(string assetId, CancellationToken ct)
    {
        await LoadAsync(assetId, ct);
        await assets.DeleteAsync(WorkspaceId, Asset.Id, ct);
        Notice = $"Asset “{Asset.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/assets");
    }

    private async Task LoadAsync(string assetId, CancellationToken ct)
    {
        Chrome.ActiveTab = "assets";
        Require(Permissions.WriteAssets);
        Asset = await assets.GetAsync(WorkspaceId, Ids.IsWellFormed(assetId) ? assetId : "-", ct);
    }
}
