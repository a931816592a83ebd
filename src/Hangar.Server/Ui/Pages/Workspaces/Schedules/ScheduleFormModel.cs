using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Schedules;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Schedules;

/// <summary>
/// The schedule form's page (new and edit): the fields as posted, and "Preview" of the next times. Setting a schedule
/// needs what the API needs: <c>Processes.write_processes</c> and <c>Processes.trigger_processes</c>.
/// </summary>
public abstract class ScheduleFormModel(ProcessService processes, ScheduleService schedules) : UiPage
{
    public Process Process { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    [BindProperty]
    public string? Cron { get; set; }

    [BindProperty]
    public string? TimeZone { get; set; }

    [BindProperty]
    public bool Enabled { get; set; }

    [BindProperty]
    public string? Overlap { get; set; }

    [BindProperty]
    public string? CatchUp { get; set; }

    [BindProperty]
    public string? Payload { get; set; }

    /// <summary>The next times, after "Preview".</summary>
    public IReadOnlyList<DateTimeOffset>? Preview { get; private set; }

    public string ProcessUrl => $"/workspaces/{WorkspaceId}/processes/{Process.Id}";

    protected ScheduleService Schedules => schedules;

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        try
        {
            Preview = schedules.Preview(Cron, string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone, ScheduleLimits.DefaultPreviewCount);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.BadRequest)
        {
            return FormError(ex);
        }

        return Page();
    }

    protected virtual async Task PrepareAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.WriteProcesses);
        Require(Permissions.TriggerProcesses);
        Process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
    }

    /// <summary>The form as the service takes it: every field given (an empty payload is none).</summary>
    protected ScheduleInput Input() => new(Cron, string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone, Enabled, true,
        string.IsNullOrWhiteSpace(Payload) ? null : Payload.Trim(), Overlap ?? "skip", CatchUp ?? "skip");

    /// <summary>Saves through <paramref name="save"/>; a refusal is shown next to the form with what was typed kept.</summary>
    protected async Task<IActionResult> SaveAsync(Func<Task<Schedule>> save, string verb)
    {
        ArgumentNullException.ThrowIfNull(save);
        try
        {
            var schedule = await save();
            Notice = $"Schedule {schedule.Cron} ({schedule.TimeZone}) {verb}.";
            return LocalRedirect($"{ProcessUrl}#schedules");
        }
        catch (HangarException ex) when (ex.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.PayloadTooLarge)
        {
            return FormError(ex);
        }
    }
}
