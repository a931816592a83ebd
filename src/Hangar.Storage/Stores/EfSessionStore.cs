using Hangar.Core.Domain;
using Hangar.Core.Stores;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfSessionStore(HangarDbContext db) : ISessionStore
{
    public async Task AddAsync(UserSession session, CancellationToken ct)
    {
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
    }

    public async Task<(UserSession Session, User User)?> FindAsync(string tokenHash, CancellationToken ct)
    {
        var row = await db.UserSessions.AsNoTracking()
            .Where(s => s.TokenHash == tokenHash)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { Session = s, User = u })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Session, row.User);
    }

    public Task<UserSession?> FindByIdAsync(string id, CancellationToken ct) =>
        db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);

    public Task DeleteAsync(string tokenHash, CancellationToken ct) =>
        db.UserSessions.Where(s => s.TokenHash == tokenHash).ExecuteDeleteAsync(ct);

    public Task DeleteForUserAsync(string userId, CancellationToken ct) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(ct);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct) =>
        db.UserSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(ct);
}
