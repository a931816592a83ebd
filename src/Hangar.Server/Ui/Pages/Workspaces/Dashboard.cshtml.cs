using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces;

/// <summary>Opening a workspace shows its runs, where operators spend their day.</summary>
public sealed class WorkspaceHomeModel : UiPage
{
    public IActionResult OnGet() => LocalRedirect($"/workspaces/{WorkspaceId}/runs");
}
