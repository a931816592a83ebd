using Hangar.Core.Domain;

namespace Hangar.Core.Stores;

public interface ISessionStore
{
    Task AddAsync(UserSession session, CancellationToken ct);

    /// <summary>The session with this token hash and its user, when it exists.</summary>
    Task<(UserSession Session, User User)?> FindAsync(string tokenHash, CancellationToken ct);

    /// <summary>The session with this id (not its token), when it exists.</summary>
    Task<UserSession?> FindByIdAsync(string id, CancellationToken ct);

    Task DeleteAsync(string tokenHash, CancellationToken ct);

    Task DeleteForUserAsync(string userId, CancellationToken ct);

    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken ct);
}
