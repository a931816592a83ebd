using Hangar.Core.Domain;
using Hangar.Core.Schedules;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Schedules;

/// <summary>Changes a schedule, and enables or disables it (the process page's Enable / Disable buttons post here).</summary>
public sealed class EditScheduleModel(ProcessService processes, ScheduleService schedules) : ScheduleFormModel(processes, schedules)
{
    public Schedule Schedule { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string ScheduleId { get; set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        Cron = Schedule.Cron;
        TimeZone = Schedule.TimeZone;
        Enabled = Schedule.Enabled;
        Overlap = ScheduleService.Wire(Schedule.Overlap);
        CatchUp = ScheduleService.Wire(Schedule.CatchUp);
        Payload = Schedule.Payload is null ? null : UiFormat.PrettyJson(Schedule.Payload, int.MaxValue);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        return await SaveAsync(() => Schedules.UpdateAsync(Caller, Grant, Process.Id, Schedule.Id, Input(), ct), "saved");
    }

    public async Task<IActionResult> OnPostEnabledAsync(bool enabled, CancellationToken ct)
    {
        await PrepareAsync(ct);
        var schedule = await Schedules.UpdateAsync(Caller, Grant, Process.Id, Schedule.Id, new ScheduleInput(null, null, enabled, false, null, null, null), ct);
        Notice = $"Schedule {schedule.Cron} ({schedule.TimeZone}) {(enabled ? "enabled" : "disabled")}.";
        return LocalRedirect($"{ProcessUrl}#schedules");
    }

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        await base.PrepareAsync(ct);
        Schedule = await Schedules.GetAsync(WorkspaceId, Process.Id, Ids.IsWellFormed(ScheduleId) ? ScheduleId : "-", ct);
    }
}
