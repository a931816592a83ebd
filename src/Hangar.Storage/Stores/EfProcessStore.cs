using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfProcessStore(HangarDbContext db, DatabaseSettings settings) : IProcessStore
{
    public async Task AddAsync(Process process, CancellationToken ct)
    {
        db.Processes.Add(process);
        await SaveOrConflictAsync(process, ct);
    }

    public Task<Process?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.Processes.Include(p => p.Steps.OrderBy(s => s.Position)).FirstOrDefaultAsync(p => p.Id == id && p.WorkspaceId == workspaceId, ct);

    public Task<Process?> FindForRunAsync(string workspaceId, string id, CancellationToken ct) =>
        CompiledRunQueries.ProcessForRunAsync(db, settings.Provider, workspaceId, id, ct);

    public Task<IReadOnlyList<ProcessStep>> ListStepsAsync(string workspaceId, string processId, CancellationToken ct) =>
        CompiledRunQueries.StepsAsync(db, settings.Provider, workspaceId, processId, ct);

    public Task<Page<Process>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.Processes.AsNoTracking().Where(p => p.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(p => p.Id, page, ct);
    }

    public async Task SaveAsync(Process process, IReadOnlyList<ProcessStep>? steps, CancellationToken ct)
    {
        if (steps is not null)
        {
            db.ProcessSteps.RemoveRange(process.Steps);
            process.Steps.Clear();
            process.Steps.AddRange(steps);
        }

        await SaveOrConflictAsync(process, ct);
    }

    public async Task DeleteAsync(Process process, CancellationToken ct)
    {
        await db.Processes.Where(p => p.Id == process.Id).ExecuteDeleteAsync(ct);
        db.ChangeTracker.Clear();
    }

    private Task SaveOrConflictAsync(Process process, CancellationToken ct) =>
        db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The workspace already has a process named '{process.Name}'."), ct);
}
