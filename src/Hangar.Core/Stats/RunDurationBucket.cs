namespace Hangar.Core.Stats;

/// <summary>How many of one process's runs that ended in one 15-minute UTC bucket fell in one <see cref="DurationBins"/> bin.</summary>
public sealed class RunDurationBucket
{
    public required string WorkspaceId { get; init; }
    public required string ProcessId { get; init; }
    public DateTimeOffset BucketStart { get; init; }
    public int Bin { get; init; }
    public long Count { get; set; }
}
