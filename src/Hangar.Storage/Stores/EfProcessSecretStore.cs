using Hangar.Core.Domain;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfProcessSecretStore(HangarDbContext db) : IProcessSecretStore
{
    public Task<ProcessSecret?> FindAsync(string workspaceId, string processId, CancellationToken ct) =>
        db.ProcessSecrets.FirstOrDefaultAsync(s => s.ProcessId == processId && s.WorkspaceId == workspaceId, ct);

    public async Task UpsertAsync(ProcessSecret secret, CancellationToken ct)
    {
        if (db.Entry(secret).State == EntityState.Detached)
        {
            db.ProcessSecrets.Add(secret);
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> DeleteAsync(string workspaceId, string processId, CancellationToken ct) =>
        await db.ProcessSecrets.Where(s => s.ProcessId == processId && s.WorkspaceId == workspaceId).ExecuteDeleteAsync(ct) > 0;
}
