using Hangar.Core.Schedules;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Schedules;

/// <summary>Adds a schedule to a process (the process page's "Add schedule").</summary>
public sealed class NewScheduleModel(ProcessService processes, ScheduleService schedules) : ScheduleFormModel(processes, schedules)
{
    public async Task OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        TimeZone = "UTC";
        Enabled = true;
        Overlap = "skip";
        CatchUp = "skip";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        return await SaveAsync(() => Schedules.CreateAsync(Caller, Grant, Process.Id, Input(), ct), "added");
    }
}
