using Hangar.Core.Runs;

namespace Hangar.Core.Webhooks;

/// <summary>What a <c>work_item.failed</c> payload says about the item.</summary>
public sealed record FailedItemFacts(
    string WorkspaceId,
    string ProcessId,
    string? ProcessRunId,
    string WorkItemId,
    string? StepId,
    string? StepRunId,
    WorkItemExceptionType? ExceptionType,
    string? ExceptionCode,
    string? ExceptionMessage);
