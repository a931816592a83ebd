using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfUploadGrantStore(HangarDbContext db) : IUploadGrantStore
{
    public Task<bool> IsUsedAsync(string grantId, CancellationToken ct) =>
        db.UsedUploadGrants.AsNoTracking().AnyAsync(g => g.Id == grantId, ct);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct) =>
        db.UsedUploadGrants.Where(g => g.ExpiresAt < now).ExecuteDeleteAsync(ct);
}
