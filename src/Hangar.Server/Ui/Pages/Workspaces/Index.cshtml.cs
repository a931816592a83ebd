namespace Hangar.Server.Ui.Pages.Workspaces;

/// <summary>The workspaces the user can open, grouped by organization.</summary>
public sealed class WorkspacesModel : UiPage
{
    public void OnGet()
    {
    }
}
