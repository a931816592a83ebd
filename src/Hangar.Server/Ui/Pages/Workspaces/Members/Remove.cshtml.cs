using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Members;

/// <summary>Asks before removing a member from the workspace (the account stays).</summary>
public sealed class RemoveMemberModel(WorkspaceService workspaces) : UiPage
{
    public WorkspaceMember Member { get; private set; } = null!;

    public string MemberName => Member.User?.Username ?? Member.UserId;

    public Task OnGetAsync(string userId, CancellationToken ct) => LoadAsync(userId, ct);

    public async Task<IActionResult> OnPostAsync(string userId, CancellationToken ct)
    {
        await LoadAsync(userId, ct);
        try
        {
            await workspaces.RemoveMemberAsync(Caller, WorkspaceId, Member.UserId, ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            return FormError(ex);
        }

        Notice = $"{MemberName} was removed from the workspace.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/members");
    }

    private async Task LoadAsync(string userId, CancellationToken ct)
    {
        Chrome.ActiveTab = "members";
        Require(Permissions.WriteMembers);
        Member = await workspaces.GetMemberAsync(WorkspaceId, Validate.Id(userId, "The member"), ct);
    }
}
