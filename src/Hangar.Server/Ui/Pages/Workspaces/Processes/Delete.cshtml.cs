using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>Asks before deleting a process, which takes its runs and work items with it.</summary>
public sealed class DeleteProcessModel(ProcessService processes) : UiPage
{
    public Process Process { get; private set; } = null!;

    public Task OnGetAsync(string processId, CancellationToken ct) => LoadAsync(processId, ct);

    public async Task<IActionResult> OnPostAsync(string processId, CancellationToken ct)
    {
        await LoadAsync(processId, ct);
        await processes.DeleteAsync(Caller, WorkspaceId, Process.Id, ct);
        Notice = $"Process “{Process.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/processes");
    }

    private async Task LoadAsync(string processId, CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.WriteProcesses);
        Process = await processes.GetAsync(WorkspaceId, processId, ct);
    }
}
