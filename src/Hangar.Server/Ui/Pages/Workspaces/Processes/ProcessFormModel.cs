using System.Text.RegularExpressions;
using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>
/// What the new-process and edit-process pages share: the name, the list of steps and the robots to choose from.
/// Adding, removing and moving a step post the whole form back, so the editor works without a script.
/// </summary>
public abstract partial class ProcessFormModel(TaskPackageService packages) : UiPage
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    [BindProperty]
    public List<StepInput> Steps { get; set; } = [];

    /// <summary>The robots a step can run, each with the tasks of its latest version (none before the first upload).</summary>
    public IReadOnlyList<(TaskPackage Robot, IReadOnlyList<string> Tasks)> Robots { get; private set; } = [];

    public bool CanChooseRobots => Can(Permissions.ReadTaskPackages);

    /// <summary>Where Cancel leads.</summary>
    public abstract string CancelUrl { get; }

    /// <summary>The label a step's current choice shows when it is not among the robots' latest tasks.</summary>
    public string ChoiceLabel(StepInput step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var robot = Robots.FirstOrDefault(r => r.Robot.Id == step.PackageId).Robot;
        return $"{robot?.Name ?? step.PackageId} / {step.Task}";
    }

    public bool IsOffered(StepInput step) =>
        Robots.Any(r => r.Robot.Id == step?.PackageId && r.Tasks.Contains(step.Task ?? "", StringComparer.Ordinal));

    public async Task<IActionResult> OnPostAddStepAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        if (Steps.Count < RunLimits.MaxSteps)
        {
            Steps.Add(new StepInput());
        }

        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveStepAsync(int index, CancellationToken ct)
    {
        await PrepareAsync(ct);
        if (index >= 0 && index < Steps.Count)
        {
            Steps.RemoveAt(index);
        }

        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveUpAsync(int index, CancellationToken ct)
    {
        await PrepareAsync(ct);
        if (index > 0 && index < Steps.Count)
        {
            (Steps[index - 1], Steps[index]) = (Steps[index], Steps[index - 1]);
        }

        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostMoveDownAsync(int index, CancellationToken ct)
    {
        await PrepareAsync(ct);
        if (index >= 0 && index < Steps.Count - 1)
        {
            (Steps[index + 1], Steps[index]) = (Steps[index], Steps[index + 1]);
        }

        ModelState.Clear();
        return Page();
    }

    /// <summary>Checks the permission, loads what the page shows (the process being edited, if any) and the robots.</summary>
    protected virtual async Task PrepareAsync(CancellationToken ct)
    {
        Chrome.ActiveTab = "processes";
        Require(Permissions.WriteProcesses);
        if (!CanChooseRobots)
        {
            return;
        }

        var page = await packages.ListAsync(WorkspaceId, PageRequest.First(PageRequest.MaxLimit), ct);
        var latest = await packages.LatestVersionsAsync(WorkspaceId, page.Items, ct);
        Robots = page.Items
            .Select(r => (r, (IReadOnlyList<string>)(r.LatestVersionId is { } id && latest.TryGetValue(id, out var v) ? v.Tasks : [])))
            .OrderBy(r => r.r.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Steps as the service takes them; a step with no robot chosen is refused here with its number.</summary>
    protected List<StepDefinition> Definitions()
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].PackageId is null)
            {
                throw HangarException.Invalid("invalid_step", $"Step {i + 1}: choose a robot and task.");
            }
        }

        return Steps.Select(s => s.ToDefinition()).ToList();
    }

    /// <summary>A service refusal next to the form, with "steps[2].task" said as "Step 3 (task)".</summary>
    protected PageResult StepsError(HangarException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var message = StepField().Replace(refusal.Message, m =>
            $"Step {int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1} ({m.Groups[2].Value.Replace('_', ' ')})");
        return FormError(new HangarException(refusal.Kind, refusal.Code, message));
    }

    [GeneratedRegex(@"'?steps\[(\d+)\]\.([a-z_]+)'?")]
    private static partial Regex StepField();
}
