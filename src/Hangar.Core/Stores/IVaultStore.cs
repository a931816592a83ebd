using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IVaultStore
{
    /// <summary>Adds a secret; a name already used in the workspace is a conflict (<c>name_taken</c>).</summary>
    Task AddAsync(VaultSecret secret, CancellationToken ct);

    Task<VaultSecret?> FindAsync(string workspaceId, string id, CancellationToken ct);

    Task<VaultSecret?> FindByNameAsync(string workspaceId, string name, CancellationToken ct);

    Task<Page<VaultSecret>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    /// <summary>Saves changes made to a secret loaded with one of the find methods.</summary>
    Task SaveAsync(VaultSecret secret, CancellationToken ct);

    Task DeleteAsync(VaultSecret secret, CancellationToken ct);

    Task<VaultKey?> FindKeyAsync(string purpose, CancellationToken ct);

    /// <summary>Adds the key unless one of that purpose exists already (another node won the race); false then.</summary>
    Task<bool> TryAddKeyAsync(VaultKey key, CancellationToken ct);
}
