using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui.Pages.Workspaces.Members;

/// <summary>Asks before removing a member from the workspace (the account stays). Removing the last admin is refused.</summary>
public sealed class RemoveMemberModel(WorkspaceService workspaces) : ConfirmDeletePage
{
    private WorkspaceMember _member = null!;

    protected override string Tab => "members";
    protected override string Permission => Permissions.WriteMembers;
    public override (string Label, string Url) List => ("Members", $"/workspaces/{WorkspaceId}/members");
    public override string ThingName => _member.User?.Username ?? _member.UserId;
    public override string Question => $"Remove {ThingName} from this workspace?";
    public override string Consequence => "They can no longer open it (their account and other workspaces stay). You can add them again later.";
    public override string Verb => "Remove";
    protected override string DoneNotice => $"{ThingName} was removed from the workspace.";

    protected override async Task LoadAsync(string id, CancellationToken ct) =>
        _member = await workspaces.GetMemberAsync(WorkspaceId, Validate.Id(id, "The member"), ct);

    protected override Task DeleteAsync(CancellationToken ct) => workspaces.RemoveMemberAsync(Caller, Grant, _member.UserId, ct);
}
