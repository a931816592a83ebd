namespace Hangar.Core.Stats;

/// <summary>
/// How many of one process's work items failed in one 15-minute UTC bucket with one exception type and code (an empty
/// code stands for none).
/// </summary>
public sealed class ItemExceptionBucket
{
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    public DateTimeOffset BucketStart { get; init; }
    public required string ExceptionType { get; init; }
    public required string ExceptionCode { get; init; }
    public long Count { get; set; }
}
