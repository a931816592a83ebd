using Hangar.Core.Domain;
using Hangar.Core.Errors;
using Hangar.Core.Paging;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfVaultStore(HangarDbContext db) : IVaultStore
{
    public async Task AddAsync(VaultSecret secret, CancellationToken ct)
    {
        db.VaultSecrets.Add(secret);
        await db.SaveOrConflictAsync(() => HangarException.Conflict("name_taken", $"The workspace already has a secret named '{secret.Name}'."), ct);
    }

    public Task<VaultSecret?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.VaultSecrets.FirstOrDefaultAsync(s => s.Id == id && s.WorkspaceId == workspaceId, ct);

    public Task<VaultSecret?> FindByNameAsync(string workspaceId, string name, CancellationToken ct) =>
        db.VaultSecrets.FirstOrDefaultAsync(s => s.Name == name && s.WorkspaceId == workspaceId, ct);

    public Task<Page<VaultSecret>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct)
    {
        var query = db.VaultSecrets.AsNoTracking().Where(s => s.WorkspaceId == workspaceId);
        return query.ToKeysetPageAsync(s => s.Id, page, ct);
    }

    public Task SaveAsync(VaultSecret secret, CancellationToken ct) => db.SaveChangesAsync(ct);

    public async Task DeleteAsync(VaultSecret secret, CancellationToken ct)
    {
        db.VaultSecrets.Remove(secret);
        await db.SaveChangesAsync(ct);
    }

    public Task<VaultKey?> FindKeyAsync(string purpose, CancellationToken ct) =>
        db.VaultKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Purpose == purpose, ct);

    public async Task<bool> TryAddKeyAsync(VaultKey key, CancellationToken ct)
    {
        db.VaultKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
