using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Members;

/// <summary>
/// The Members tab: who belongs to the workspace and with which role. People with <c>Members.write_members</c> add a
/// user of the organization by username, change roles and remove members (asking first), as the API's member routes.
/// </summary>
public sealed class MembersModel(WorkspaceService workspaces) : UiPage
{
    public static IReadOnlyList<(string Value, string Description)> Roles { get; } =
    [
        ("admin", "everything, including keys, members and the audit log"),
        ("developer", "build and run robots and processes, manage the vault and assets"),
        ("operator", "run processes, handle work items and workers; read the rest"),
        ("viewer", "read only, without secret values"),
    ];

    public IReadOnlyList<WorkspaceMember> Members { get; private set; } = [];
    public string? NextAfter { get; private set; }

    public bool CanWrite => Can(Permissions.WriteMembers);

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Role { get; set; } = "viewer";

    [BindProperty]
    public string? UserId { get; set; }

    /// <summary>Which form a refusal belongs to: "add" or the user id of a role change.</summary>
    public string? FailedForm { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        Require(Permissions.WriteMembers);
        try
        {
            var member = await workspaces.SetMemberRoleByUsernameAsync(Caller, Grant, Username, WireEnums.WorkspaceRole(Role), ct);
            Notice = $"{member.User?.Username ?? Username} is now a member with the role {RoleName(member.Role)}.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.NotFound or ErrorKind.Conflict)
        {
            FailedForm = "add";
            await LoadAsync(ct);
            return FormError(ex.Kind == ErrorKind.NotFound
                ? HangarException.Invalid("user_not_found", $"There is no user “{Username?.Trim()}” in this workspace's organization.")
                : ex);
        }

        return LocalRedirect($"/workspaces/{WorkspaceId}/members");
    }

    public async Task<IActionResult> OnPostSetRoleAsync(CancellationToken ct)
    {
        Require(Permissions.WriteMembers);
        try
        {
            var member = await workspaces.SetMemberRoleAsync(Caller, Grant, Validate.Id(UserId, "The member"), WireEnums.WorkspaceRole(Role), ct);
            Notice = $"{member.User?.Username} now has the role {RoleName(member.Role)}.";
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict)
        {
            FailedForm = UserId;
            await LoadAsync(ct);
            return FormError(ex);
        }

        return LocalRedirect($"/workspaces/{WorkspaceId}/members");
    }

    public static string RoleName(WorkspaceRole role) => role.ToString().ToLowerInvariant();

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "members";
        Require(Permissions.ReadMembers);
        var page = await workspaces.ListMembersAsync(WorkspaceId, new PageRequest(Ids.IsWellFormed(After) ? After : null, 100), ct);
        Members = page.Items;
        NextAfter = page.NextAfter(m => m.UserId);
    }
}
