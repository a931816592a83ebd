namespace Hangar.Bench;

/// <summary>
/// One side's trigger part: a closed-loop load of POSTs carrying a 1 KB payload on a server that only enqueues.
/// </summary>
internal sealed record TriggerFigures(double PerSecond, LatencyHistogram Latencies, long Errors, double ServerCpuMsPerTrigger, MemorySample? Idle,
    MemorySample? Loaded, PartConditions Conditions);
