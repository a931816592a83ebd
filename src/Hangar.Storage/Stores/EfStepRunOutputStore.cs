using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfStepRunOutputStore(HangarDbContext db) : IStepRunOutputStore
{
    public Task<Page<Artifact>> ListArtifactsAsync(string workspaceId, string stepRunId, PageRequest page, CancellationToken ct)
    {
        var query = db.Artifacts.AsNoTracking().Where(a => a.StepRunId == stepRunId && a.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(a => a.Id, page, ct);
    }

    public Task<Artifact?> FindArtifactAsync(string workspaceId, string stepRunId, string artifactId, CancellationToken ct) =>
        db.Artifacts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == artifactId && a.StepRunId == stepRunId && a.WorkspaceId == workspaceId, ct);

    public async Task<IReadOnlyList<ConsoleMessage>> ListConsoleAsync(string workspaceId, string stepRunId, long afterSequence, int limit,
        CancellationToken ct) =>
        await db.ConsoleMessages.AsNoTracking()
            .Where(m => m.StepRunId == stepRunId && m.WorkspaceId == workspaceId && m.Sequence > afterSequence)
            .OrderBy(m => m.Sequence).Take(limit).ToListAsync(ct);

    public Task<Page<StepRunEvent>> ListEventsAsync(string workspaceId, string stepRunId, PageRequest page, CancellationToken ct)
    {
        var query = db.StepRunEvents.AsNoTracking().Where(e => e.StepRunId == stepRunId && e.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(e => e.Id, page, ct);
    }
}
