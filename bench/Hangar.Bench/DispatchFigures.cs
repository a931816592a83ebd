namespace Hangar.Bench;

/// <summary>
/// One side's dispatch parts: trigger → the robot's first line over sequential runs on an idle worker, and the drain of
/// a queue filled before the worker started.
/// </summary>
/// <param name="IdleRssKiB">Server and worker together (one process for Hangfire), idle, before the sequential runs.</param>
/// <param name="DrainSeconds">From the first robot's start to the last robot's end.</param>
/// <param name="LaunchSeconds">From the worker's launch to the last robot's end.</param>
/// <param name="CpuMsPerRun">Server + worker CPU per run, robots excluded.</param>
/// <param name="RobotCpuMsPerRun">The robots' own CPU per run (the worker's reaped children).</param>
/// <param name="PeakRssKiB">Server and worker peaks added up.</param>
internal sealed record DispatchFigures(LatencyHistogram FirstLine, long IdleRssKiB, int DrainRuns, double DrainSeconds, double LaunchSeconds,
    double CpuMsPerRun, double RobotCpuMsPerRun, long PeakRssKiB, string States, PartConditions Latency, PartConditions Drain)
{
    public double JobsPerSecond => DrainRuns / DrainSeconds;
}
