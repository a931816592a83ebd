using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfAuditStore(HangarDbContext db) : IAuditStore
{
    public async Task AddAsync(AuditEvent auditEvent, CancellationToken ct)
    {
        db.AuditEvents.Add(auditEvent);
        await db.SaveChangesAsync(ct);
    }

    public Task<Page<AuditEvent>> ListAsync(string workspaceId, string? action, PageRequest page, CancellationToken ct)
    {
        var query = db.AuditEvents.AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (action is not null)
        {
            query = query.Where(e => e.Action == action);
        }

        return query.ToKeysetPageAsync(e => e.Id, page, ct, descending: true);
    }
}
