using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.Workers;

/// <summary>Asks before removing a worker (More actions → Remove): its credential stops working at once.</summary>
public sealed class DeleteWorkerModel(WorkerService workers) : ConfirmDeletePage
{
    private Worker _worker = null!;

    protected override string Tab => "workers";
    protected override string Permission => Permissions.WriteWorkers;
    public override (string Label, string Url) List => ("Workers", $"/workspaces/{WorkspaceId}/workers");
    public override string ThingName => _worker.Name;
    public override string Question => $"Remove worker “{_worker.Name}”?";
    public override string Consequence => "Its credential stops working at once; a step it is running is failed by the watchdog when its lease lapses. "
        + "To use the machine again, link it with a new token. This cannot be undone.";
    public override string Verb => "Remove";
    protected override string DoneNotice => $"Worker “{_worker.Name}” removed.";

    protected override async Task LoadAsync(string id, CancellationToken ct) => _worker = (await workers.GetAsync(WorkspaceId, id, ct)).Worker;

    protected override Task DeleteAsync(CancellationToken ct) => workers.DeleteAsync(Caller, WorkspaceId, _worker.Id, ct);
}
