using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Robots;

/// <summary>Asks before deleting a robot with all its versions and their zips.</summary>
public sealed class DeleteRobotModel(TaskPackageService packages) : UiPage
{
    public TaskPackage Robot { get; private set; } = null!;

    public Task OnGetAsync(string robotId, CancellationToken ct) => LoadAsync(robotId, ct);

    public async Task<IActionResult> OnPostAsync(string robotId, CancellationToken ct)
    {
        await LoadAsync(robotId, ct);
        await packages.DeleteAsync(Caller, WorkspaceId, Robot.Id, ct);
        Notice = $"Robot “{Robot.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/robots");
    }

    private async Task LoadAsync(string robotId, CancellationToken ct)
    {
        Chrome.ActiveTab = "robots";
        Require(Permissions.WriteTaskPackages);
        Robot = await packages.GetAsync(WorkspaceId, robotId, ct);
    }
}
