using Hangar.Core.Domain;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.WorkerGroups;

/// <summary>Asks before deleting a worker group with its memberships and link tokens.</summary>
public sealed class DeleteWorkerGroupModel(WorkerService workers) : UiPage
{
    public WorkerGroup Group { get; private set; } = null!;

    public Task OnGetAsync(string groupId, CancellationToken ct) => LoadAsync(groupId, ct);

    public async Task<IActionResult> OnPostAsync(string groupId, CancellationToken ct)
    {
        await LoadAsync(groupId, ct);
        await workers.DeleteGroupAsync(Caller, WorkspaceId, Group.Id, ct);
        Notice = $"Worker group “{Group.Name}” deleted.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/workers");
    }

    private async Task LoadAsync(string groupId, CancellationToken ct)
    {
        Chrome.ActiveTab = "workers";
        Require(Permissions.WriteWorkers);
        Group = await workers.GetGroupAsync(WorkspaceId, groupId, ct);
    }
}
