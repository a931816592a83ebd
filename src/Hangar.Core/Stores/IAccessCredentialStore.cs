using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IAccessCredentialStore
{
    Task AddAsync(AccessCredential credential, CancellationToken ct);

    Task<AccessCredential?> FindAsync(string userId, string id, CancellationToken ct);

    Task<AccessCredential?> FindByIdentifierAsync(string identifier, CancellationToken ct);

    Task<Page<AccessCredential>> ListAsync(string userId, PageRequest page, CancellationToken ct);

    Task SaveAsync(AccessCredential credential, CancellationToken ct);

    Task DeleteAsync(AccessCredential credential, CancellationToken ct);
}
