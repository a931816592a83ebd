namespace Hangar.Core.Runs;

/// <summary>
/// Which work items a list shows; null fields do not filter. <see cref="OnlyOutputs"/> keeps items made by a step;
/// <see cref="ExceptionType"/> and <see cref="ExceptionCode"/> keep items failed with that exception, and
/// <see cref="UpdatedFrom"/> and <see cref="UpdatedBefore"/> items whose state last changed in [from, before).
/// </summary>
public sealed record WorkItemFilter(
    string? ProcessId = null,
    string? ProcessRunId = null,
    WorkItemState? State = null,
    bool OnlyOutputs = false,
    WorkItemExceptionType? ExceptionType = null,
    string? ExceptionCode = null,
    DateTimeOffset? UpdatedFrom = null,
    DateTimeOffset? UpdatedBefore = null);
