using Hangar.Contracts.V1;

namespace Hangar.Client;

/// <summary>The workspace vault: secrets listed, created, changed and deleted. Values go in; they are never listed.</summary>
public sealed partial class HangarClient
{
    public IAsyncEnumerable<VaultSecretResponse> ListSecretsAsync(string workspaceId, CancellationToken ct = default) =>
        ListAsync<VaultSecretResponse>(SecretsPath(workspaceId), ct);

    public Task<VaultSecretResponse> GetSecretAsync(string workspaceId, string nameOrId, CancellationToken ct = default) =>
        SendAsync<VaultSecretResponse>(HttpMethod.Get, $"{SecretsPath(workspaceId)}/{Uri.EscapeDataString(nameOrId)}", null, ct);

    /// <summary>Creates a secret with its whole <paramref name="value"/> (key → value).</summary>
    public Task<VaultSecretResponse> CreateSecretAsync(string workspaceId, string name, IReadOnlyDictionary<string, string> value,
        string? description = null, CancellationToken ct = default) =>
        SendAsync<VaultSecretResponse>(HttpMethod.Post, SecretsPath(workspaceId),
            new { name, description, value }, ct);

    /// <summary>Replaces a secret's whole value, and its description when one is given (else the description stays).</summary>
    public Task<VaultSecretResponse> ReplaceSecretValueAsync(string workspaceId, string nameOrId, IReadOnlyDictionary<string, string> value,
        string? description = null, CancellationToken ct = default) =>
        SendAsync<VaultSecretResponse>(HttpMethod.Put, $"{SecretsPath(workspaceId)}/{Uri.EscapeDataString(nameOrId)}",
            description is null ? (object)new { value } : new { description, value }, ct);

    public Task<DeletedResponse> DeleteSecretAsync(string workspaceId, string nameOrId, CancellationToken ct = default) =>
        SendAsync<DeletedResponse>(HttpMethod.Delete, $"{SecretsPath(workspaceId)}/{Uri.EscapeDataString(nameOrId)}", null, ct);

    private static string SecretsPath(string workspaceId) => $"api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}/vault/secrets";
}
