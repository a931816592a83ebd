namespace Hangar.Core.Domain;

public sealed class WorkspaceMember
{
    public required string WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public WorkspaceRole Role { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public User? User { get; init; }
}
