using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.WorkerGroups;

/// <summary>Asks before deleting a worker group with its memberships and link tokens.</summary>
public sealed class DeleteWorkerGroupModel(WorkerService workers) : ConfirmDeletePage
{
    private WorkerGroup _group = null!;

    protected override string Tab => "workers";
    protected override string Permission => Permissions.WriteWorkers;
    public override (string Label, string Url) List => ("Workers", $"/workspaces/{WorkspaceId}/workers");
    public override string ThingUrl => $"/workspaces/{WorkspaceId}/worker-groups/{_group.Id}";
    public override string ThingName => _group.Name;
    public override string Question => $"Delete worker group “{_group.Name}”?";
    public override string Consequence => "Its link tokens stop working and its workers leave it (they stay linked to the workspace). "
        + "Process steps that name this group wait for a group that no longer exists. This cannot be undone.";
    protected override string DoneNotice => $"Worker group “{_group.Name}” deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct) => _group = await workers.GetGroupAsync(WorkspaceId, id, ct);

    protected override Task DeleteAsync(CancellationToken ct) => workers.DeleteGroupAsync(Caller, WorkspaceId, _group.Id, ct);
}
