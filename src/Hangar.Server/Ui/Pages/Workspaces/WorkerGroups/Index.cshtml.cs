using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Platform;
using Hangar.Core.Runs;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.WorkerGroups;

/// <summary>
/// One worker group: its members, its reusable link tokens (the value shown once, in the answer to the POST that made
/// it), renaming, and adding or taking out workers. Deleting a token or taking a worker out asks first, on this page.
/// </summary>
public sealed class WorkerGroupModel(WorkerService workers, LinkTokenService tokens, HangarCommand hangar) : UiPage
{
    public WorkerGroup Group { get; private set; } = null!;
    public IReadOnlyList<(Worker Worker, WorkerState State)> Members { get; private set; } = [];
    public string? NextMembersAfter { get; private set; }
    public IReadOnlyList<LinkToken> Tokens { get; private set; } = [];
    public string? NextTokensAfter { get; private set; }

    /// <summary>Workers of the workspace that are not members yet, for "Add a worker".</summary>
    public IReadOnlyList<Worker> Candidates { get; private set; } = [];

    public bool CanWrite => Can(Permissions.WriteWorkers);

    /// <summary>Linking a worker is reading the vault: only workspace admins create link tokens (see <see cref="LinkTokenService.MayLink"/>).</summary>
    public bool CanLink => LinkTokenService.MayLink(Caller, Grant);

    [BindProperty(SupportsGet = true)]
    public string? MembersAfter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? TokensAfter { get; set; }

    /// <summary>A token or member the page asks about before deleting it (the confirmation step).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ConfirmToken { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ConfirmRemove { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? TokenName { get; set; }

    [BindProperty]
    public DateTime? TokenExpiresOn { get; set; }

    [BindProperty]
    public string? WorkerId { get; set; }

    [BindProperty]
    public string? TokenId { get; set; }

    /// <summary>Which form a refusal belongs to, so that it shows next to that form.</summary>
    public string? FailedForm { get; private set; }

    public LinkTokenShown? Created { get; private set; }

    public async Task OnGetAsync(string groupId, CancellationToken ct)
    {
        await LoadAsync(groupId, ct);
        Name = Group.Name;
    }

    public async Task<IActionResult> OnPostRenameAsync(string groupId, CancellationToken ct)
    {
        await LoadForWriteAsync(groupId, ct);
        try
        {
            await workers.RenameGroupAsync(Caller, WorkspaceId, Group.Id, Name, ct);
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            FailedForm = "rename";
            return FormError(ex);
        }

        Notice = $"Worker group renamed to “{Name?.Trim()}”.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/worker-groups/{Group.Id}");
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(string groupId, CancellationToken ct)
    {
        await LoadForWriteAsync(groupId, ct);
        try
        {
            var expiresAt = UiFormat.EndOfDayUtc(TokenExpiresOn);
            var (token, value) = await tokens.CreateGroupTokenAsync(Caller, Grant, Group, TokenName, expiresAt, ct);
            Created = new LinkTokenShown(value, token.ExpiresAt, true, UiServerUrl.Of(HttpContext), hangar);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            FailedForm = "token";
            Name = Group.Name;
            return FormError(ex);
        }

        ModelState.Clear();
        TokenName = null;
        TokenExpiresOn = null;
        Name = Group.Name;
        await LoadAsync(Group.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteTokenAsync(string groupId, CancellationToken ct)
    {
        await LoadForWriteAsync(groupId, ct);
        var token = await tokens.GetGroupTokenAsync(WorkspaceId, Group, TokenId ?? "", ct);
        await tokens.DeleteGroupTokenAsync(Caller, WorkspaceId, Group, token.Id, ct);
        Notice = $"Link token “{token.Name}” deleted. Workers it linked stay.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/worker-groups/{Group.Id}");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(string groupId, CancellationToken ct)
    {
        await LoadForWriteAsync(groupId, ct);
        try
        {
            var (worker, _) = await workers.AddMemberAsync(Caller, WorkspaceId, Group.Id, string.IsNullOrEmpty(WorkerId) ? null : WorkerId, ct);
            Notice = $"Worker “{worker.Name}” added to the group.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.NotFound)
        {
            FailedForm = "member";
            Name = Group.Name;
            return FormError(ex);
        }

        return LocalRedirect($"/workspaces/{WorkspaceId}/worker-groups/{Group.Id}");
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(string groupId, CancellationToken ct)
    {
        await LoadForWriteAsync(groupId, ct);
        var (worker, _) = await workers.RemoveMemberAsync(Caller, WorkspaceId, Group.Id, WorkerId ?? "", ct);
        Notice = $"Worker “{worker.Name}” taken out of the group.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/worker-groups/{Group.Id}");
    }

    private async Task LoadForWriteAsync(string groupId, CancellationToken ct)
    {
        Require(Permissions.WriteWorkers);
        await LoadAsync(groupId, ct);
    }

    private async Task LoadAsync(string groupId, CancellationToken ct)
    {
        Chrome.ActiveTab = "workers";
        Require(Permissions.ReadWorkers);
        Group = await workers.GetGroupAsync(WorkspaceId, groupId, ct);
        var members = await workers.ListGroupMembersAsync(WorkspaceId, Group.Id, new PageRequest(Ids.IsWellFormed(MembersAfter) ? MembersAfter : null, 100), ct);
        Members = members.Items;
        NextMembersAfter = members.NextAfter(m => m.Worker.Id);
        var page = await tokens.ListGroupTokensAsync(WorkspaceId, Group, new PageRequest(Ids.IsWellFormed(TokensAfter) ? TokensAfter : null, 100), ct);
        Tokens = page.Items;
        NextTokensAfter = page.NextAfter(t => t.Id);
        if (CanWrite)
        {
            var all = await workers.ListAsync(WorkspaceId, PageRequest.First(PageRequest.MaxLimit), ct);
            var groups = await workers.GroupsOfAsync(all.Items.Select(w => w.Worker), ct);
            Candidates = all.Items.Select(w => w.Worker)
                .Where(w => !groups.TryGetValue(w.Id, out var of) || of.All(g => g.Id != Group.Id)).ToList();
        }
    }
}
