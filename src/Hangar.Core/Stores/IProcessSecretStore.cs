using Hangar.Core.Domain;

namespace Hangar.Core.Stores;

public interface IProcessSecretStore
{
    Task<ProcessSecret?> FindAsync(string workspaceId, string processId, CancellationToken ct);

    /// <summary>Adds the secret, or replaces the hash of the one the process has.</summary>
    Task UpsertAsync(ProcessSecret secret, CancellationToken ct);

    Task<bool> DeleteAsync(string workspaceId, string processId, CancellationToken ct);
}
