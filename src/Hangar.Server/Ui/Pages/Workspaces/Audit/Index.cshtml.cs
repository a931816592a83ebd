using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Services;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Audit;

/// <summary>The Audit log tab: who did what to which object, when and from where, newest first; filtered by action.</summary>
public sealed class AuditModel(AuditLog audit) : UiPage
{
    /// <summary>The actions offered in the filter: every stable action name the server writes.</summary>
    public static IReadOnlyList<string> Actions { get; } = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!)
        .Concat(["access_credential.created", "access_credential.deleted"])
        .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];
    public string? NextAfter { get; private set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "audit";
        Require(Permissions.ReadAuditLog);
        var action = Action is { Length: > 0 and <= 100 } a ? a : null;
        var page = await audit.ListAsync(WorkspaceId, action, new PageRequest(Ids.IsWellFormed(After) ? After : null, 50), ct);
        Events = page.Items;
        NextAfter = page.NextAfter(e => e.Id);
    }
}
