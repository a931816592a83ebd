namespace Hangar.Core.Domain;

/// <summary>A named set of workers; a step tagged with a group runs only on its members.</summary>
public sealed class WorkerGroup
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}
