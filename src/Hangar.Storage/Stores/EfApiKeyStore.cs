using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfApiKeyStore(HangarDbContext db, WriteGate writeGate) : IApiKeyStore
{
    public async Task AddAsync(ApiKey key, CancellationToken ct)
    {
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
    }

    public Task<ApiKey?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.WorkspaceId == workspaceId, ct);

    public Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct) =>
        db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == keyHash, ct);

    public Task<Page<ApiKey>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.ApiKeys.AsNoTracking().Where(k => k.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(k => k.Id, page, ct);
    }

    public Task SaveAsync(ApiKey key, CancellationToken ct) => db.SaveChangesAsync(ct);

    public async Task DeleteAsync(ApiKey key, CancellationToken ct)
    {
        db.ApiKeys.Remove(key);
        await db.SaveChangesAsync(ct);
    }

    public async Task ApplyUsageAsync(IReadOnlyCollection<ApiKeyUsage> usage, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var u in usage)
        {
            await db.ApiKeys.Where(k => k.Id == u.KeyId).ExecuteUpdateAsync(s => s
                .SetProperty(k => k.UsageCount, k => k.UsageCount + u.Count)
                .SetProperty(k => k.LastUsedIp, k => k.LastUsedAt == null || k.LastUsedAt < u.LastUsedAt ? u.LastUsedIp : k.LastUsedIp)
                .SetProperty(k => k.LastUsedAt, k => k.LastUsedAt == null || k.LastUsedAt < u.LastUsedAt ? u.LastUsedAt : k.LastUsedAt), ct);
        }

        await transaction.CommitAsync(ct);
    }
}
