namespace Hangar.Core.Domain;

/// <summary>A worker's membership in a group (a worker may be in several).</summary>
public sealed class WorkerGroupMember
{
    public required string WorkerGroupId { get; init; }
    public required string WorkerId { get; init; }
    public required string WorkspaceId { get; init; }
}
