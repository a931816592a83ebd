using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Stores;

namespace Hangar.Core.Services;

/// <summary>Processes and their steps (Hangar's own endpoints: Robocorp leaves this to its UI).</summary>
public sealed class ProcessService(IProcessStore processes, ITaskPackageStore packages, IWorkerStore workers, AuditLog audit, TimeProvider time)
{
    public async Task<Process> CreateAsync(Caller caller, string workspaceId, string? name, string? description,
        IReadOnlyList<StepDefinition>? steps, string? defaultPayload, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = Ids.New();
        var process = new Process
        {
            Id = id,
            WorkspaceId = workspaceId,
            Name = Validate.Name(name),
            Description = ValidDescription(description),
            DefaultPayload = Payloads.Check(defaultPayload, "default_payload"),
            CreatedAt = now,
            UpdatedAt = now,
        };
        process.Steps.AddRange(await BuildStepsAsync(workspaceId, id, steps ?? [], ct));
        await processes.AddAsync(process, ct);
        await audit.RecordAsync(caller, "process.created", Target(process), ct);
        return process;
    }

    public async Task<Process> GetAsync(string workspaceId, string id, CancellationToken ct) =>
        (Ids.IsWellFormed(id) ? await processes.FindAsync(workspaceId, id, ct) : null) ?? throw HangarException.NotFound("The process");

    public Task<Page<Process>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) => processes.ListAsync(workspaceId, page, ct);

    /// <summary>
    /// Every process of the workspace, oldest first, read in pages of the largest size: Robocorp's process lists have no
    /// paging, and a client reading only their <c>data</c> must not miss any.
    /// </summary>
    public async Task<List<Process>> ListAllAsync(string workspaceId, CancellationToken ct)
    {
        var all = new List<Process>();
        var page = PageRequest.First(PageRequest.MaxLimit);
        while (true)
        {
            var batch = await processes.ListAsync(workspaceId, page, ct);
            all.AddRange(batch.Items);
            if (batch.NextAfter(x => x.Id) is not { } after)
            {
                return all;
            }

            page = page with { After = after };
        }
    }

    /// <summary>Changes what is given: name, description, the whole list of steps, the default payload.</summary>
    public async Task<Process> UpdateAsync(Caller caller, string workspaceId, string id, string? name, string? description,
        IReadOnlyList<StepDefinition>? steps, bool setDefaultPayload, string? defaultPayload, CancellationToken ct)
    {
        var process = await GetAsync(workspaceId, id, ct);
        if (name is not null)
        {
            process.Name = Validate.Name(name);
        }

        if (description is not null)
        {
            process.Description = ValidDescription(description);
        }

        if (setDefaultPayload)
        {
            process.DefaultPayload = Payloads.Check(defaultPayload, "default_payload");
        }

        var newSteps = steps is null ? null : await BuildStepsAsync(workspaceId, process.Id, steps, ct);
        process.UpdatedAt = time.GetUtcNow();
        await processes.SaveAsync(process, newSteps, ct);
        await audit.RecordAsync(caller, "process.updated", Target(process), ct);
        return await GetAsync(workspaceId, id, ct);
    }

    public async Task DeleteAsync(Caller caller, string workspaceId, string id, CancellationToken ct)
    {
        var process = await GetAsync(workspaceId, id, ct);
        await processes.DeleteAsync(process, ct);
        await audit.RecordAsync(caller, "process.deleted", Target(process), ct);
    }

    private async Task<List<ProcessStep>> BuildStepsAsync(string workspaceId, string processId, IReadOnlyList<StepDefinition> steps, CancellationToken ct)
    {
        if (steps.Count > RunLimits.MaxSteps)
        {
            throw HangarException.Invalid("too_many_steps", $"A process has at most {RunLimits.MaxSteps} steps.");
        }

        var built = new List<ProcessStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i] ?? throw HangarException.Invalid("invalid_step", $"Step {i + 1} is null.");
            var field = $"steps[{i}]";
            var packageId = step.TaskPackageId;
            var package = Ids.IsWellFormed(packageId) ? await packages.FindAsync(workspaceId, packageId!, ct) : null;
            if (package is null)
            {
                throw new HangarException(ErrorKind.NotFound, "task_package_not_found", $"{field}.task_package: the task package was not found.");
            }

            var versionId = step.TaskPackageVersionId ?? package.LatestVersionId;
            var version = versionId is null ? null : await packages.FindVersionAsync(workspaceId, versionId, ct);
            if (step.TaskPackageVersionId is not null && (version is null || version.TaskPackageId != package.Id))
            {
                throw new HangarException(ErrorKind.NotFound, "task_package_version_not_found", $"{field}.task_package_version: not a version of that package.");
            }

            var task = Validate.Name(step.Task, $"{field}.task", 200);
            if (version is not null && !version.Tasks.Contains(task, StringComparer.Ordinal))
            {
                throw HangarException.Invalid("unknown_task",
                    $"{field}.task: the task package has no task '{task}' (it has: {string.Join(", ", version.Tasks)}).");
            }

            if (step.WorkerGroupId is not null
                && (!Ids.IsWellFormed(step.WorkerGroupId) || await workers.FindGroupAsync(workspaceId, step.WorkerGroupId, ct) is null))
            {
                throw new HangarException(ErrorKind.NotFound, "worker_group_not_found", $"{field}.worker_group: the worker group was not found.");
            }

            built.Add(new ProcessStep
            {
                Id = Ids.New(),
                ProcessId = processId,
                WorkspaceId = workspaceId,
                Position = i,
                Name = Validate.Name(step.Name ?? task, $"{field}.name"),
                TaskPackageId = package.Id,
                TaskPackageVersionId = step.TaskPackageVersionId,
                Task = task,
                WorkerGroupId = step.WorkerGroupId,
                TimeoutSeconds = InRange(step.TimeoutSeconds ?? RunLimits.DefaultTimeoutSeconds, 1, RunLimits.MaxTimeoutSeconds, $"{field}.timeout_seconds"),
                MaxParallel = InRange(step.MaxParallel ?? 1, 1, RunLimits.MaxParallelLimit, $"{field}.max_parallel"),
                RetriesOnWorkerLoss = InRange(step.RetriesOnWorkerLoss ?? 1, 0, RunLimits.MaxRetriesOnWorkerLoss, $"{field}.retries_on_worker_loss"),
            });
        }

        return built;
    }

    private static int InRange(int value, int min, int max, string field) =>
        value >= min && value <= max ? value : throw HangarException.Invalid("out_of_range", $"'{field}' must be from {min} to {max}.");

    private static string? ValidDescription(string? description) =>
        description is { Length: > Validate.MaxDescriptionLength }
            ? throw HangarException.Invalid("invalid_description", $"'description' must be at most {Validate.MaxDescriptionLength} characters.")
            : description;

    private static AuditTarget Target(Process process) => new("process", process.Id, process.Name, process.WorkspaceId);
}
