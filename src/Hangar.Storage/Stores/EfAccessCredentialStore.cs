using Hangar.Core.Domain;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfAccessCredentialStore(HangarDbContext db) : IAccessCredentialStore
{
    public async Task AddAsync(AccessCredential credential, CancellationToken ct)
    {
        db.AccessCredentials.Add(credential);
        await db.SaveChangesAsync(ct);
    }

    public Task<AccessCredential?> FindAsync(string userId, string id, CancellationToken ct) =>
        db.AccessCredentials.FirstOrDefaultAsync(c => c.Id == id && c.UserId == userId, ct);

    public Task<AccessCredential?> FindByIdentifierAsync(string identifier, CancellationToken ct) =>
        db.AccessCredentials.FirstOrDefaultAsync(c => c.Identifier == identifier, ct);

    public Task<Page<AccessCredential>> ListAsync(string userId, PageRequest page, CancellationToken ct)
    {
        var query = db.AccessCredentials.AsNoTracking().Where(c => c.UserId == userId);
        return query.ToKeysetPageAsync(c => c.Id, page, ct);
    }

    public Task SaveAsync(AccessCredential credential, CancellationToken ct) => db.SaveChangesAsync(ct);

    public async Task DeleteAsync(AccessCredential credential, CancellationToken ct)
    {
        db.AccessCredentials.Remove(credential);
        await db.SaveChangesAsync(ct);
    }
}
