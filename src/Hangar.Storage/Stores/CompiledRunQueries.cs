using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>
/// The lookups every request of a robot makes (its run token's step run, a work item by id, the process's steps when
/// it creates an output) and every trigger makes (the process with its steps, its first package's latest version),
/// compiled once: EF Core
/// otherwise rebuilds the query's expression tree and looks it up in its query cache on every call, which was a good
/// part of a request that does little else. A compiled query is bound to the model it first ran with, so there is one
/// per provider (a process may use both, as the storage tests do).
/// </summary>
internal static class CompiledRunQueries
{
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<StepRun?>> SqliteStepRun = StepRunQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<StepRun?>> PostgresStepRun = StepRunQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<WorkItem?>> SqliteWorkItem = WorkItemQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<WorkItem?>> PostgresWorkItem = WorkItemQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<OutputParent?>> SqliteOutputParent = OutputParentQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<OutputParent?>> PostgresOutputParent = OutputParentQuery();
    private static readonly Func<HangarDbContext, string, string, IAsyncEnumerable<ProcessStep>> SqliteSteps = StepsQuery();
    private static readonly Func<HangarDbContext, string, string, IAsyncEnumerable<ProcessStep>> PostgresSteps = StepsQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<Process?>> SqliteProcessForRun = ProcessForRunQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<Process?>> PostgresProcessForRun = ProcessForRunQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<string?>> SqliteLatestVersion = LatestVersionQuery();
    private static readonly Func<HangarDbContext, string, string, CancellationToken, Task<string?>> PostgresLatestVersion = LatestVersionQuery();

    /// <summary>The process with its steps in order, untracked (one query: the steps are joined).</summary>
    public static Task<Process?> ProcessForRunAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string processId, CancellationToken ct) =>
        (provider == DatabaseProvider.Postgres ? PostgresProcessForRun : SqliteProcessForRun)(db, workspaceId, processId, ct);

    /// <summary>The id of the task package's latest version; null when it has none or does not exist.</summary>
    public static Task<string?> LatestVersionIdAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string packageId, CancellationToken ct) =>
        (provider == DatabaseProvider.Postgres ? PostgresLatestVersion : SqliteLatestVersion)(db, workspaceId, packageId, ct);

    /// <summary>The step run, untracked.</summary>
    public static Task<StepRun?> StepRunAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string stepRunId, CancellationToken ct) =>
        (provider == DatabaseProvider.Postgres ? PostgresStepRun : SqliteStepRun)(db, workspaceId, stepRunId, ct);

    /// <summary>The work item, tracked (a payload change is written by the next save).</summary>
    public static Task<WorkItem?> WorkItemAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string id, CancellationToken ct) =>
        (provider == DatabaseProvider.Postgres ? PostgresWorkItem : SqliteWorkItem)(db, workspaceId, id, ct);

    /// <summary>An output's parent item and the step after the parent's (see <see cref="OutputParent"/>).</summary>
    public static Task<OutputParent?> OutputParentAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string id,
        CancellationToken ct) =>
        (provider == DatabaseProvider.Postgres ? PostgresOutputParent : SqliteOutputParent)(db, workspaceId, id, ct);

    /// <summary>The process's steps in order, untracked.</summary>
    public static async Task<IReadOnlyList<ProcessStep>> StepsAsync(HangarDbContext db, DatabaseProvider provider, string workspaceId, string processId,
        CancellationToken ct)
    {
        var steps = new List<ProcessStep>();
        await foreach (var step in (provider == DatabaseProvider.Postgres ? PostgresSteps : SqliteSteps)(db, workspaceId, processId).WithCancellation(ct))
        {
            steps.Add(step);
        }

        return steps;
    }

    private static Func<HangarDbContext, string, string, CancellationToken, Task<StepRun?>> StepRunQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, StepRun?>((db, workspaceId, stepRunId, ct) =>
            db.StepRuns.AsNoTracking().FirstOrDefault(s => s.Id == stepRunId && s.WorkspaceId == workspaceId));

    private static Func<HangarDbContext, string, string, CancellationToken, Task<WorkItem?>> WorkItemQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, WorkItem?>((db, workspaceId, id, ct) =>
            db.WorkItems.FirstOrDefault(w => w.Id == id && w.WorkspaceId == workspaceId));

    // The next step is the one of the lowest position above the parent's step's; a parent whose step is not in the
    // process (any more) compares with NULL and gets none, as a lookup in the step list would.
    private static Func<HangarDbContext, string, string, CancellationToken, Task<OutputParent?>> OutputParentQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, OutputParent?>((db, workspaceId, id, ct) =>
            db.WorkItems.AsNoTracking().Where(w => w.Id == id && w.WorkspaceId == workspaceId)
                .Select(w => new OutputParent(w.Id, w.ProcessId, w.ProcessRunId, w.StepId,
                    db.ProcessSteps.Where(s => s.ProcessId == w.ProcessId && s.WorkspaceId == w.WorkspaceId
                                               && s.Position > db.ProcessSteps.Where(p => p.Id == w.StepId && p.ProcessId == w.ProcessId)
                                                   .Select(p => (int?)p.Position).FirstOrDefault())
                        .OrderBy(s => s.Position).Select(s => s.Id).FirstOrDefault()))
                .FirstOrDefault());

    private static Func<HangarDbContext, string, string, IAsyncEnumerable<ProcessStep>> StepsQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, ProcessStep>((db, workspaceId, processId) =>
            db.ProcessSteps.AsNoTracking().Where(s => s.ProcessId == processId && s.WorkspaceId == workspaceId).OrderBy(s => s.Position));

    private static Func<HangarDbContext, string, string, CancellationToken, Task<Process?>> ProcessForRunQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, Process?>((db, workspaceId, processId, ct) =>
            db.Processes.AsNoTracking().Include(p => p.Steps.OrderBy(s => s.Position)).FirstOrDefault(p => p.Id == processId && p.WorkspaceId == workspaceId));

    private static Func<HangarDbContext, string, string, CancellationToken, Task<string?>> LatestVersionQuery() =>
        EF.CompileAsyncQuery<HangarDbContext, string, string, string?>((db, workspaceId, packageId, ct) =>
            db.TaskPackages.Where(p => p.Id == packageId && p.WorkspaceId == workspaceId).Select(p => p.LatestVersionId).FirstOrDefault());
}
