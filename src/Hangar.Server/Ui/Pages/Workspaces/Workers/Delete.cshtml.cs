using Hangar.Core.Domain;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Workers;

/// <summary>Asks before removing a worker (More actions → Remove): its credential stops working at once.</summary>
public sealed class DeleteWorkerModel(WorkerService workers) : UiPage
{
    public Worker Worker { get; private set; } = null!;

    public Task OnGetAsync(string workerId, CancellationToken ct) => LoadAsync(workerId, ct);

    public async Task<IActionResult> OnPostAsync(string workerId, CancellationToken ct)
    {
        await LoadAsync(workerId, ct);
        await workers.DeleteAsync(Caller, WorkspaceId, Worker.Id, ct);
        Notice = $"Worker “{Worker.Name}” removed.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/workers");
    }

    private async Task LoadAsync(string workerId, CancellationToken ct)
    {
        Chrome.ActiveTab = "workers";
        Require(Permissions.WriteWorkers);
        Worker = (await workers.GetAsync(WorkspaceId, workerId, ct)).Worker;
    }
}
