using Hangar.Core.Domain;
using Hangar.Core.Security;
using Hangar.Core.Services;

namespace Hangar.Server.Ui;

/// <summary>
/// What the layout shows around every page: who is signed in, the workspace open and the ones to switch to. Set by
/// <see cref="UiSessionFilter"/> as a request feature, so the layout works for pages and the error view alike.
/// </summary>
public sealed class UiChrome
{
    public Caller? User { get; init; }
    public Workspace? Workspace { get; set; }
    public WorkspaceGrant? Grant { get; set; }
    public IReadOnlyList<Workspace> Workspaces { get; set; } = [];

    /// <summary>Whether the user owns an organization or is an instance administrator (the top bar then links the Users page).</summary>
    public bool ManagesUsers { get; set; }

    /// <summary>How many invitations to organizations wait for the user's answer (the top bar then shows a notice).</summary>
    public int PendingInvitations { get; set; }

    /// <summary>The workspace toolbar's current tab, set by the page (e.g. "api").</summary>
    public string? ActiveTab { get; set; }

    /// <summary>
    /// The zone the page shows days and times in, when it shows any (set by the page). When it is not the profile's,
    /// ui.js draws the page again once it has told the server the browser's zone.
    /// </summary>
    public UiTimeZone? TimeZone { get; set; }

    public bool Can(string permission) => Grant?.Has(permission) == true;
}
