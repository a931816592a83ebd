using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>The Processes tab: the workspace's processes, oldest first as the API lists them.</summary>
public sealed class ProcessesModel(ProcessService processes) : UiPage
{
    public const int PageSize = 50;

    public IReadOnlyList<Process> Processes { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteProcesses);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.ReadProcesses);
        var page = await processes.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, PageSize), ct);
        Processes = page.Items;
        NextAfter = page.NextAfter(p => p.Id);
    }
}
