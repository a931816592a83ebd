using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Platform;
using Hangar.Core.Runs;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Workers;

/// <summary>
/// The Workers tab: the workspace's workers with their state, its worker groups, and single-use link tokens for a new
/// worker. A token's value only appears in the body of the POST that created it.
/// </summary>
public sealed class WorkersModel(WorkerService workers, LinkTokenService tokens, TimeProvider time, HangarCommand hangar) : UiPage
{
    public IReadOnlyList<(Worker Worker, WorkerState State)> Workers { get; private set; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<WorkerGroup>> GroupsOfWorkers { get; private set; } = new Dictionary<string, IReadOnlyList<WorkerGroup>>();
    public string? NextAfter { get; private set; }
    public IReadOnlyList<WorkerGroup> Groups { get; private set; } = [];
    public string? NextGroupsAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteWorkers);

    /// <summary>Linking a worker is reading the vault: only workspace admins create link tokens (see <see cref="LinkTokenService.MayLink"/>).</summary>
    public bool CanLink => LinkTokenService.MayLink(Caller, Grant);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? GroupsAfter { get; set; }

    [BindProperty]
    public string? GroupName { get; set; }

    /// <summary>How long a new single-use token lives, in hours.</summary>
    [BindProperty]
    public int ExpiresInHours { get; set; } = 24;

    /// <summary>The single-use token just created, shown once.</summary>
    public LinkTokenShown? Created { get; private set; }

    public static IReadOnlyList<(int Hours, string Label)> Lifetimes { get; } = [(1, "1 hour"), (24, "1 day"), (24 * 7, "7 days")];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateGroupAsync(CancellationToken ct)
    {
        Require(Permissions.WriteWorkers);
        try
        {
            var group = await workers.CreateGroupAsync(Caller, WorkspaceId, GroupName, ct);
            Notice = $"Worker group “{group.Name}” created. Create a link token to add workers to it.";
            return LocalRedirect($"/workspaces/{WorkspaceId}/worker-groups/{group.Id}");
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            await LoadAsync(ct);
            return FormError(ex);
        }
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken ct)
    {
        Require(Permissions.WriteWorkers);
        var hours = Lifetimes.Any(l => l.Hours == ExpiresInHours) ? ExpiresInHours : 24;
        var (token, value) = await tokens.CreateWorkspaceTokenAsync(Caller, Grant, time.GetUtcNow().AddHours(hours), ct);
        Created = new LinkTokenShown(value, token.ExpiresAt, false, UiServerUrl.Of(HttpContext), hangar);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "workers";
        Require(Permissions.ReadWorkers);
        var page = await workers.ListAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Workers = page.Items;
        NextAfter = page.NextAfter(w => w.Worker.Id);
        GroupsOfWorkers = await workers.GroupsOfAsync(Workers.Select(w => w.Worker), ct);
        var groups = await workers.ListGroupsAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(GroupsAfter) ? GroupsAfter : null, 100), ct);
        Groups = groups.Items;
        NextGroupsAfter = groups.NextAfter(g => g.Id);
    }
}
