using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>Changes a process's name, description and steps (the whole list is saved at once, as the API's PUT does).</summary>
public sealed class EditProcessModel(ProcessService processes, TaskPackageService packages) : ProcessFormModel(packages)
{
    public Process Process { get; private set; } = null!;

    [BindProperty(SupportsGet = true)]
    public string ProcessId { get; set; } = "";

    public override string CancelUrl => $"/workspaces/{WorkspaceId}/processes/{Process.Id}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        Name = Process.Name;
        Description = Process.Description;
        Steps = Process.Steps.OrderBy(s => s.Position).Select(StepInput.From).ToList();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        try
        {
            var process = await processes.UpdateAsync(Caller, WorkspaceId, Process.Id, Name ?? "", Description ?? "", Definitions(),
                setDefaultPayload: false, null, ct);
            Notice = $"Process “{process.Name}” saved.";
            return LocalRedirect($"/workspaces/{WorkspaceId}/processes/{process.Id}");
        }
        catch (HangarException ex) when (ex.Kind != ErrorKind.NotFound || ex.Code != "not_found")
        {
            return StepsError(ex);
        }
    }

    protected override async Task PrepareAsync(CancellationToken ct)
    {
        await base.PrepareAsync(ct);
        Process = await processes.GetAsync(WorkspaceId, ProcessId, ct);
    }
}
