using System.Text.Json.Serialization;

namespace Hangar.Contracts.V1;

/// <summary>A key as listed: permissions and usage, never the value.</summary>
public sealed record ApiKeyResponse(
    string Id,
    string Name,
    IReadOnlyList<string> Permissions,
    string KeyPreview,
    ActorResponse CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    string? LastUsedIp,
    long UsageCount);
