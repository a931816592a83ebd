namespace Hangar.Core.Domain;

/// <summary>
/// A token that links a new worker to a workspace. Workspace tokens (no group) link one worker and are then used up;
/// group tokens are reusable until they expire or are deleted, and add each worker they link to their group.
/// Only the SHA-256 of the value is stored.
/// </summary>
public sealed class LinkToken
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public string? WorkerGroupId { get; init; }
    public string? Name { get; set; }
    public required string TokenHash { get; init; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}
