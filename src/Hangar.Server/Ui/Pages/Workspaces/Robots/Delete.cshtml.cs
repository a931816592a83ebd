using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.Robots;

/// <summary>Asks before deleting a robot with all its versions and their zips.</summary>
public sealed class DeleteRobotModel(TaskPackageService packages) : ConfirmDeletePage
{
    private TaskPackage _robot = null!;

    protected override string Tab => "robots";
    protected override string Permission => Permissions.WriteTaskPackages;
    public override (string Label, string Url) List => ("Robots", $"/workspaces/{WorkspaceId}/robots");
    public override string ThingUrl => $"/workspaces/{WorkspaceId}/robots/{_robot.Id}";
    public override string ThingName => _robot.Name;
    public override string Question => $"Delete robot “{_robot.Name}”?";
    public override string Consequence => "All its versions and their zips are deleted. Processes whose steps run it can no longer start. This cannot be undone.";
    protected override string DoneNotice => $"Robot “{_robot.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) => _robot = await packages.GetAsync(WorkspaceId, id, ct);

    protected override Task DeleteAsync(CancellationToken ct) => packages.DeleteAsync(Caller, WorkspaceId, _robot.Id, ct);
}
