using Hangar.Core.RequestReplay;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfUsedRequestSignatureStore(HangarDbContext db) : IUsedRequestSignatureStore
{
    public async Task<bool> TryUseAsync(UsedRequestSignature signature, CancellationToken ct)
    {
        db.UsedRequestSignatures.Add(signature);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return false;
        }
        finally
        {
            db.Entry(signature).State = EntityState.Detached;
        }
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct) =>
        db.UsedRequestSignatures.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(ct);
}
