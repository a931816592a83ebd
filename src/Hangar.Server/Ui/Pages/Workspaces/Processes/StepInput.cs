using System.Globalization;
using Hangar.Core.Domain;
using Hangar.Core.Runs;

namespace Hangar.Server.Ui.Pages.Workspaces.Processes;

/// <summary>One step as the process form posts it. The robot and its task travel as one choice, <c>packageId/task</c>.</summary>
public sealed class StepInput
{
    public string? Name { get; set; }

    /// <summary>The robot (task package id) and its task: <c>packageId/task</c>.</summary>
    public string? Target { get; set; }

    public int? TimeoutSeconds { get; set; } = RunLimits.DefaultTimeoutSeconds;
    public int? RetriesOnWorkerLoss { get; set; } = 1;

    // Kept as the step had them: the form does not edit them (the API does).
    public string? VersionId { get; set; }
    public string? WorkerGroupId { get; set; }
    public int? MaxParallel { get; set; }

    public string? PackageId => Split().PackageId;
    public string? Task => Split().Task;

    public static string TargetOf(string packageId, string task) => packageId + "/" + task;

    public static StepInput From(ProcessStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new StepInput
        {
            Name = step.Name == step.Task ? null : step.Name,
            Target = TargetOf(step.TaskPackageId, step.Task),
            TimeoutSeconds = step.TimeoutSeconds,
            RetriesOnWorkerLoss = step.RetriesOnWorkerLoss,
            VersionId = step.TaskPackageVersionId,
            WorkerGroupId = step.WorkerGroupId,
            MaxParallel = step.MaxParallel,
        };
    }

    public StepDefinition ToDefinition() =>
        new(string.IsNullOrWhiteSpace(Name) ? null : Name, PackageId, Blank(VersionId), Task, Blank(WorkerGroupId), TimeoutSeconds, MaxParallel,
            RetriesOnWorkerLoss);

    public string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private (string? PackageId, string? Task) Split()
    {
        var slash = Target?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 ? (Target![..slash], Target[(slash + 1)..]) : (null, null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
