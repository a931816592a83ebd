namespace Hangar.Core.Runs;

/// <summary>How a robot releases an item: <see cref="WorkItemState.Done"/> or <see cref="WorkItemState.Failed"/> with the exception.</summary>
public sealed record WorkItemRelease(WorkItemState State, WorkItemExceptionType? ExceptionType, string? ExceptionCode, string? ExceptionMessage);
