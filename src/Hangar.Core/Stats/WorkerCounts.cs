namespace Hangar.Core.Stats;

/// <summary>Workers by state; online counts the idle and the busy ones.</summary>
public sealed record WorkerCounts(long Online, long Busy, long Offline);
