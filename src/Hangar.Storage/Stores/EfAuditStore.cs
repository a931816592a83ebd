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

    public Task<Page<AuditEvent>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.AuditEvents.AsNoTracking().Where(e => e.WorkspaceId == workspaceId);
        if (page.After is not null)
        {
            query = query.Where(e => string.Compare(e.Id, page.After) < 0);
        }

        return query.OrderByDescending(e => e.Id).ToPageAsync(page, ct);
    }
}
