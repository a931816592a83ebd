namespace Hangar.Core.Domain;

/// <summary>An ordered list of steps that a run executes, each step a task of a task package.</summary>
public sealed class Process
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The payload of the input work item when a run is started with no payload (JSON text), or null.</summary>
    public string? DefaultPayload { get; set; }

    /// <summary>The number the latest run got; runs are numbered 1, 2, 3, ... per process.</summary>
    public long RunCount { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<ProcessStep> Steps { get; init; } = [];
}
