using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Workers;

/// <summary>Renames a worker (More actions → Rename), as <c>PUT .../workers/{id}</c>.</summary>
public sealed class EditWorkerModel(WorkerService workers) : UiPage
{
    public Worker Worker { get; private set; } = null!;

    [BindProperty]
    public string? Name { get; set; }

    public async Task OnGetAsync(string workerId, CancellationToken ct)
    {
        await LoadAsync(workerId, ct);
        Name = Worker.Name;
    }

    public async Task<IActionResult> OnPostAsync(string workerId, CancellationToken ct)
    {
        await LoadAsync(workerId, ct);
        try
        {
            await workers.RenameAsync(Caller, WorkspaceId, Worker.Id, Name, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            return FormError(ex);
        }

        Notice = $"Worker renamed to “{Name?.Trim()}”.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/workers");
    }

    private async Task LoadAsync(string workerId, CancellationToken ct)
    {
        Chrome.ActiveTab = "workers";
        Require(Permissions.WriteWorkers);
        Worker = (await workers.GetAsync(WorkspaceId, workerId, ct)).Worker;
    }
}
