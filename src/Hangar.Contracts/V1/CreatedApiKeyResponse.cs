using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>The answer to creating a key: the only one, with reveal, that carries the key's value.</summary>
public sealed record CreatedApiKeyResponse(string Id, string Name, IReadOnlyList<string> Permissions, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, string Key);
