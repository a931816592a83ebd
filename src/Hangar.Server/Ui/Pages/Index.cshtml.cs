using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages;

/// <summary>The front door: straight into the user's workspace when there is one, else the list of workspaces.</summary>
public sealed class IndexModel : UiPage
{
    public IActionResult OnGet() => Chrome.Workspaces.Count == 1
        ? LocalRedirect($"/workspaces/{Chrome.Workspaces[0].Id}")
        : LocalRedirect("/workspaces");
}
