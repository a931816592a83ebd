using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IAuditStore
{
    Task AddAsync(AuditEvent auditEvent, CancellationToken ct);

    /// <summary>A workspace's events, newest first (keyset on id, descending); only those of <paramref name="action"/> when given.</summary>
    Task<Page<AuditEvent>> ListAsync(string workspaceId, string? action, PageRequest page, CancellationToken ct);
}
