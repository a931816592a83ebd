using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>Asks before deleting a process, which takes its runs and work items with it.</summary>
public sealed class DeleteProcessModel(ProcessService processes) : ConfirmDeletePage
{
    private Process _process = null!;

    protected override string Tab => "processes";
    protected override string Permission => Permissions.WriteProcesses;
    public override (string Label, string Url) List => ("Processes", $"/workspaces/{WorkspaceId}/processes");
    public override string ThingUrl => $"/workspaces/{WorkspaceId}/processes/{_process.Id}";
    public override string ThingName => _process.Name;
    public override string Question => $"Delete process “{_process.Name}”?";
    public override string Consequence => $"Its {_process.RunCount} run(s), their work items, console output and artifacts are deleted with it, "
        + "and integrations that start it are refused. This cannot be undone.";
    protected override string DoneNotice => $"Process “{_process.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) => _process = await processes.GetAsync(WorkspaceId, id, ct);

    protected override Task DeleteAsync(CancellationToken ct) => processes.DeleteAsync(Caller, WorkspaceId, _process.Id, ct);
}
