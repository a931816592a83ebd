namespace Hangar.Core.Domain;

/// <summary>A robot: a named task package whose zip (with <c>robot.yaml</c>) is uploaded in versions.</summary>
public sealed class TaskPackage
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The newest uploaded version; null until the first upload. Processes use it unless a step pins one.</summary>
    public string? LatestVersionId { get; set; }
}
