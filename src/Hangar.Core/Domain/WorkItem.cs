using Hangar.Core.Runs;

namespace Hangar.Core.Domain;

/// <summary>A unit of data (JSON payload and files) flowing through a process's steps.</summary>
public sealed class WorkItem
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    public string? ProcessRunId { get; set; }

    /// <summary>The step whose input this item is (null while it waits in the process's input queue).</summary>
    public string? StepId { get; set; }

    /// <summary>The step run that reserved (or last held) it.</summary>
    public string? StepRunId { get; set; }

    /// <summary>The input item a step's output was created from.</summary>
    public string? ParentId { get; init; }

    public WorkItemState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset StateUpdatedAt { get; set; }

    /// <summary>The payload as JSON text; null when the item has none.</summary>
    public string? Payload { get; set; }

    public WorkItemExceptionType? ExceptionType { get; set; }
    public string? ExceptionCode { get; set; }
    public string? ExceptionMessage { get; set; }
}
