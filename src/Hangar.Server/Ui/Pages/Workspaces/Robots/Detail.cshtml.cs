using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Blobs;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Robots;

/// <summary>One robot: its tasks (from the latest robot.yaml), its versions with downloads, a new version's upload.</summary>
public sealed class RobotModel(TaskPackageService packages, SignedUrls urls, TimeProvider time) : UiPage
{
    public const int PageSize = 50;

    public TaskPackage Robot { get; private set; } = null!;
    public TaskPackageVersion? Latest { get; private set; }
    public IReadOnlyList<TaskPackageVersion> Versions { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteTaskPackages);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public IFormFile? Zip { get; set; }

    public Task OnGetAsync(string robotId, CancellationToken ct) => LoadAsync(robotId, ct);

    /// <summary>Stores the zip as the robot's next version.</summary>
    public async Task<IActionResult> OnPostAsync(string robotId, CancellationToken ct)
    {
        Require(Permissions.WriteTaskPackages);
        await LoadAsync(robotId, ct);
        TaskPackageVersion version;
        try
        {
            version = await RobotUpload.StoreAsync(packages, time, Caller, WorkspaceId, Robot.Id, Zip, ct);
        }
        catch (HangarException ex) when (ex.Kind != ErrorKind.NotFound)
        {
            return FormError(ex);
        }

        Notice = $"Version {version.Number} of “{Robot.Name}” uploaded.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/robots/{Robot.Id}");
    }

    /// <summary>Sends the browser to a signed URL of one version's zip (the URL carries a signature, no credential).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string robotId, string? versionId, CancellationToken ct)
    {
        Require(Permissions.ReadTaskPackages);
        var (_, grant) = await packages.GrantDownloadAsync(WorkspaceId, robotId, versionId ?? "", ct);
        return Redirect(urls.ForDownload(grant).Url);
    }

    private async Task LoadAsync(string robotId, CancellationToken ct)
    {
        Chrome.ActiveTab = "robots";
        Require(Permissions.ReadTaskPackages);
        Robot = await packages.GetAsync(WorkspaceId, robotId, ct);
        Latest = await packages.LatestVersionAsync(Robot, ct);
        var page = await packages.ListVersionsAsync(WorkspaceId, Robot.Id, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Versions = page.Items;
        NextAfter = page.NextAfter(v => v.Id);
    }
}
