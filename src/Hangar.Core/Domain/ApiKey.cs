namespace Hangar.Core.Domain;

/// <summary>
/// A workspace API key (<c>Authorization: RC-WSKEY &lt;key&gt;</c>). The value itself is never stored in the clear:
/// <see cref="KeyHash"/> finds the key on each request, <see cref="EncryptedKey"/> (under the master key) lets a
/// workspace admin view it again.
/// </summary>
public sealed class ApiKey
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }

    /// <summary>Canonical permission names, in catalog order.</summary>
    public required List<string> Permissions { get; set; }

    public required string KeyHash { get; init; }
    public required byte[] EncryptedKey { get; init; }

    /// <summary>The first characters of the value, safe to show, so people can tell keys apart.</summary>
    public required string KeyPreview { get; init; }

    public required string CreatedByType { get; init; }
    public string? CreatedById { get; init; }
    public string? CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastUsedIp { get; set; }
    public long UsageCount { get; set; }
}
