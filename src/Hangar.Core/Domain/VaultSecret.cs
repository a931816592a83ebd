namespace Hangar.Core.Domain;

/// <summary>
/// A named secret of a workspace: a JSON object of string keys to string values, kept only as
/// <see cref="EncryptedValue"/> (AES-256-GCM under the master key, bound to the workspace and the secret's id).
/// </summary>
public sealed class VaultSecret
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }

    /// <summary>Unique in the workspace; it never changes (robots address secrets by name).</summary>
    public required string Name { get; init; }

    public string? Description { get; set; }
    public required byte[] EncryptedValue { get; set; }

    public required string CreatedByType { get; init; }
    public string? CreatedById { get; init; }
    public string? CreatedByName { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public required string UpdatedByType { get; set; }
    public string? UpdatedById { get; set; }
    public string? UpdatedByName { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
