namespace Hangar.Contracts.WorkerV1;

/// <summary>One line of the robot's output; <c>sequence</c> numbers lines 0, 1, 2, ... per step run.</summary>
public sealed record ConsoleLine(long Sequence, DateTimeOffset Timestamp, string? Stream, string? Message);
