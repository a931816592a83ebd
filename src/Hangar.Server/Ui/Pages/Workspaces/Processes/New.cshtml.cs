using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>Creates a process: a name, then its steps.</summary>
public sealed class NewProcessModel(ProcessService processes, TaskPackageService packages) : ProcessFormModel(packages)
{
    public override string CancelUrl => $"/workspaces/{WorkspaceId}/processes";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        Steps = [new StepInput()];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        try
        {
            var process = await processes.CreateAsync(Caller, WorkspaceId, Name, Description, Definitions(), null, ct);
            Notice = $"Process “{process.Name}” created.";
            return LocalRedirect($"/workspaces/{WorkspaceId}/processes/{process.Id}");
        }
        catch (HangarException ex)
        {
            return StepsError(ex);
        }
    }
}
