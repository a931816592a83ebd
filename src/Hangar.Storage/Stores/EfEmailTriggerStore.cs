using Hangar.Core.EmailTriggers;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfEmailTriggerStore(HangarDbContext db) : IEmailTriggerStore
{
    public Task<EmailTrigger?> FindAsync(string workspaceId, string processId, CancellationToken ct) =>
        db.EmailTriggers.FirstOrDefaultAsync(t => t.ProcessId == processId && t.WorkspaceId == workspaceId, ct);

    public Task<EmailTrigger?> FindByAddressHashAsync(string addressHash, CancellationToken ct) =>
        db.EmailTriggers.AsNoTracking().FirstOrDefaultAsync(t => t.AddressHash == addressHash, ct);

    public async Task SaveAsync(EmailTrigger trigger, CancellationToken ct)
    {
        if (db.Entry(trigger).State == EntityState.Detached)
        {
            db.EmailTriggers.Add(trigger);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Two first PUTs of one process at once: the other one gave it its address.
            db.ChangeTracker.Clear();
            throw Core.Errors.HangarException.Conflict("email_trigger_changed", "The email trigger was changed at the same time; try again.");
        }
    }

    public async Task<bool> DeleteAsync(string workspaceId, string processId, CancellationToken ct) =>
        await db.EmailTriggers.Where(t => t.ProcessId == processId && t.WorkspaceId == workspaceId).ExecuteDeleteAsync(ct) > 0;
}
