using Hangar.Core.Errors;
using Hangar.Core.Retention;
using Microsoft.AspNetCore.Mvc;
using Permissions = Hangar.Core.Security.Permissions;

namespace Hangar.Server.Ui.Pages.Workspaces.Settings;

/// <summary>
/// The Settings tab: how long finished runs are kept (people with <c>Workspace.write_settings</c>, i.e. admins, change
/// it, as <c>PUT /api/v1/workspaces/{id}/settings</c> does) and what the workspace stores, counted from the database.
/// </summary>
public sealed class SettingsModel(RetentionService retention) : UiPage
{
    public WorkspaceUsage Usage { get; private set; } = new(0, 0, 0, new(0, 0), new(0, 0), new(0, 0), new(0, 0));

    /// <summary>The retention in force (null: forever).</summary>
    public int? Retention { get; private set; }

    public bool CanWrite => Can(Permissions.WriteWorkspaceSettings);

    [BindProperty]
    public int? RetentionDays { get; set; }

    [BindProperty]
    public bool KeepForever { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        RetentionDays = Retention;
        KeepForever = Retention is null;
    }

    public async Task<IActionResult> OnPostRetentionAsync(CancellationToken ct)
    {
        Require(Permissions.WriteWorkspaceSettings);
        try
        {
            int? days = KeepForever
                ? null
                : RetentionDays ?? throw HangarException.Invalid("invalid_run_retention",
                    $"Enter a number of days from {RetentionLimits.MinRunRetentionDays} to {RetentionLimits.MaxRunRetentionDays}, or keep runs forever.");
            var set = await retention.SetRunRetentionAsync(Caller, WorkspaceId, days, ct);
            Notice = set is null
                ? "Finished runs are now kept forever."
                : $"Finished runs are now kept for {RetentionService.Describe(set)} after they end; older ones are deleted at the next housekeeping.";
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            await LoadAsync(ct);
            return FormError(ex);
        }

        return LocalRedirect($"/workspaces/{WorkspaceId}/settings");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "settings";
        Retention = await retention.GetRunRetentionAsync(WorkspaceId, ct);
        Usage = await retention.GetUsageAsync(WorkspaceId, ct);
    }
}
