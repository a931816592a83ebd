using System.Text;
using System.Text.Json;
using Hangar.Core.Assets;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Assets;

/// <summary>
/// The Assets tab: the workspace's assets with their type and size; people who may write create one from a file or
/// from text (plain or JSON), and anyone who may read downloads it through a signed URL, as robots do.
/// </summary>
[RequestSizeLimit(AssetLimits.MaxContentBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = AssetLimits.MaxContentBytes + 1024 * 1024)]
public sealed class AssetsModel(AssetService assets, SignedUrls urls) : UiPage
{
    public IReadOnlyList<Asset> Assets { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteAssets);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>"file", "text" or "json".</summary>
    [BindProperty]
    public string Source { get; set; } = "file";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Download: a redirect to the content's signed URL (it expires soon, so it is made on each click).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string? id, CancellationToken ct)
    {
        Require(Permissions.ReadAssets);
        var asset = await assets.GetAsync(WorkspaceId, id is not null && Ids.IsWellFormed(id) ? id : "-", ct);
        if (AssetService.DownloadOf(asset) is not { } grant)
        {
            throw HangarException.Conflict("asset_empty", $"The asset “{asset.Name}” has no content yet.");
        }

        return Redirect(urls.ForDownload(grant).Url);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        Require(Permissions.WriteAssets);
        Asset? created = null;
        try
        {
            var (content, contentType) = ReadContent();
            await using (content)
            {
                created = await assets.CreateAsync(WorkspaceId, Name, ct);
                var (_, grant) = await assets.StartUploadAsync(Caller, WorkspaceId, created.Id, contentType, null, ct);
                await assets.UploadAsync(grant!, content, ct);
            }
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.PayloadTooLarge)
        {
            if (created is not null)
            {
                // Nothing half-made is left behind: an asset whose content was refused goes again.
                await assets.DeleteAsync(WorkspaceId, created.Id, CancellationToken.None);
            }

            await LoadAsync(ct);
            return FormError(ex);
        }

        Notice = $"Asset “{created.Name}” created.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/assets");
    }

    private (Stream Content, string ContentType) ReadContent()
    {
        switch (Source)
        {
            case "text" or "json":
                var text = Text ?? string.Empty;
                if (Source == "json")
                {
                    try
                    {
                        using var _ = JsonDocument.Parse(text);
                    }
                    catch (JsonException ex)
                    {
                        throw HangarException.Invalid("invalid_json", $"The text is not valid JSON: {ex.Message}");
                    }
                }

                return (new MemoryStream(Encoding.UTF8.GetBytes(text), writable: false),
                    Source == "json" ? "application/json" : "text/plain; charset=utf-8");
            default:
                if (Upload is not { Length: > 0 } file)
                {
                    throw HangarException.Invalid("missing_file", "Choose a file to upload (it may not be empty).");
                }

                return (file.OpenReadStream(), string.IsNullOrWhiteSpace(file.ContentType) ? AssetLimits.DefaultContentType : file.ContentType);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "assets";
        Require(Permissions.ReadAssets);
        var page = await assets.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Assets = page.Items;
        NextAfter = page.NextAfter(a => a.Id);
    }
}
