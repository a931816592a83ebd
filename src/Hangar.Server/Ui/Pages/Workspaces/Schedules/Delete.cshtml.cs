using Hangar.Core.Domain;
using Hangar.Core.Schedules;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Schedules;

/// <summary>Asks before deleting a schedule of a process.</summary>
public sealed class DeleteScheduleModel(ProcessService processes, ScheduleService schedules) : ConfirmDeletePage
{
    private Process _process = null!;
    private Schedule _schedule = null!;

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    protected override string Tab => "processes";
    protected override string Permission => Permissions.WriteProcesses;
    public override (string Label, string Url) List => (_process.Name, $"/workspaces/{WorkspaceId}/processes/{_process.Id}#schedules");
    public override string ThingName => $"Schedule {_schedule.Cron} ({_schedule.TimeZone})";
    public override string Question => $"Delete schedule “{_schedule.Cron}” ({_schedule.TimeZone}) of “{_process.Name}”?";
    public override string Consequence => "It starts no more runs. Runs it started stay. To pause it instead, disable it.";
    protected override string DoneNotice => $"Schedule {_schedule.Cron} ({_schedule.TimeZone}) deleted.";

    protected override async Task LoadAsync(string id, CancellationToken ct)
    {
        _process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
        _schedule = await schedules.GetAsync(WorkspaceId, _process.Id, Ids.IsWellFormed(id) ? id : "-", ct);
    }

    protected override Task DeleteAsync(CancellationToken ct) => schedules.DeleteAsync(Caller, WorkspaceId, _process.Id, _schedule.Id, ct);
}
