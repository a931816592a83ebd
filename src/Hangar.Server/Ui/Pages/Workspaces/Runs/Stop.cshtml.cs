using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Runs;

/// <summary>Asks before stopping a run, and how: what becomes of the remaining work items and of robots running now.</summary>
public sealed class StopRunModel(RunService runs, ProcessService processes) : UiPage
{
    public ProcessRun Run { get; private set; } = null!;
    public Process Process { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string RunId { get; set; } = "";

    [BindProperty]
    public bool SetRemainingDone { get; set; }

    [BindProperty]
    public bool TerminateOngoing { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public Task OnGetAsync(CancellationToken ct)
    {
        // Ticked at first; a posted form says it only when ticked.
        TerminateOngoing = true;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        try
        {
            await runs.StopAsync(Caller, WorkspaceId, Run.Id, SetRemainingDone, TerminateOngoing, string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim(), ct);
        }
        catch (HangarException ex) when (ex.Kind == ErrorKind.Conflict)
        {
            return FormError(ex);
        }

        Notice = $"Run #{Run.Number} is stopping.";
        return LocalRedirect($"/workspaces/{WorkspaceId}/runs/{Run.Id}");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "runs";
        Require(Permissions.TriggerProcesses);
        Run = await runs.GetAsync(WorkspaceId, RunId, ct);
        Process = await processes.GetAsync(WorkspaceId, Run.ProcessId, ct);
    }
}
