using Hangar.Core.Errors;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>
/// Creates a process: a name, then its steps. Opened from a robot's task (<c>?robot=ID&amp;task=NAME</c>), the first step
/// runs that task and the process is named after it.
/// </summary>
public sealed class NewProcessModel(ProcessService processes, TaskPackageService packages) : ProcessFormModel(packages)
{
    public override string CancelUrl => $"/workspaces/{WorkspaceId}/processes";

    public async Task OnGetAsync(string? robot, string? task, CancellationToken ct)
    {
        await PrepareAsync(ct);
        var chosen = Robots.FirstOrDefault(r => r.Robot.Id == robot && r.Tasks.Contains(task ?? "", StringComparer.Ordinal));
        if (chosen.Robot is null)
        {
            Steps = [new StepInput()];
            return;
        }

        Name = $"{chosen.Robot.Name} {task}";
        Steps = [new StepInput { Target = StepInput.TargetOf(chosen.Robot.Id, task!) }];
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
