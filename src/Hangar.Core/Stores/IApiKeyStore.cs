using Hangar.Core.Domain;
using Hangar.Core.Paging;

namespace Hangar.Core.Stores;

public interface IApiKeyStore
{
    Task AddAsync(ApiKey key, CancellationToken ct);

    Task<ApiKey?> FindAsync(string workspaceId, string id, CancellationToken ct);

    /// <summary>The key with this value hash, untracked (the authentication path).</summary>
    Task<ApiKey?> FindByHashAsync(string keyHash, CancellationToken ct);

    Task<Page<ApiKey>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct);

    /// <summary>Saves changes made to a key loaded with <see cref="FindAsync"/>.</summary>
    Task SaveAsync(ApiKey key, CancellationToken ct);

    Task DeleteAsync(ApiKey key, CancellationToken ct);

    /// <summary>Adds coalesced usage to many keys in one go; keys deleted meanwhile are skipped.</summary>
    Task ApplyUsageAsync(IReadOnlyCollection<ApiKeyUsage> usage, CancellationToken ct);
}
