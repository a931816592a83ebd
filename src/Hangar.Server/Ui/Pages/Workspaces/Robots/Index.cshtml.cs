using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Robots;

/// <summary>The Robots tab: the workspace's task packages with their latest version, and the upload of a new robot.</summary>
public sealed class RobotsModel(TaskPackageService packages, TimeProvider time) : UiPage
{
    public const int PageSize = 50;

    public IReadOnlyList<TaskPackage> Robots { get; private set; } = [];
    public IReadOnlyDictionary<string, TaskPackageVersion> Latest { get; private set; } = new Dictionary<string, TaskPackageVersion>();
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteTaskPackages);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public IFormFile? Zip { get; set; }

    public TaskPackageVersion? LatestOf(TaskPackage robot) =>
        robot.LatestVersionId is { } id ? Latest.GetValueOrDefault(id) : null;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Creates the robot and stores its zip as version 1; a refused zip leaves no robot behind.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Require(Permissions.WriteTaskPackages);
        TaskPackage? created = null;
        try
        {
            if (Zip is null || Zip.Length == 0)
            {
                throw HangarException.Invalid("missing_file", "Choose the robot's zip file (a zip with robot.yaml).");
            }

            created = await packages.CreateAsync(Caller, WorkspaceId, Name, ct);
            await RobotUpload.StoreAsync(packages, time, Caller, WorkspaceId, created.Id, Zip, ct);
        }
        catch (HangarException ex)
        {
            if (created is not null)
            {
                await packages.DeleteAsync(Caller, WorkspaceId, created.Id, CancellationToken.None);
            }

            await LoadAsync(ct);
            return FormError(ex);
        }

        Notice = $"Robot “{created.Name}” uploaded.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/robots/{created.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "robots";
        Require(Permissions.ReadTaskPackages);
        var page = await packages.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Robots = page.Items;
        Latest = await packages.LatestVersionsAsync(WorkspaceId, page.Items, ct);
        NextAfter = page.NextAfter(p => p.Id);
    }
}
