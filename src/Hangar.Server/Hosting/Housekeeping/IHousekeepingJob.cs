namespace Hangar.Server.Hosting.Housekeeping;

/// <summary>
/// One kind of clean-up that <see cref="HousekeepingService"/> runs on the leading node at every sweep. Register an
/// implementation as a scoped <see cref="IHousekeepingJob"/>; each job runs in a scope of its own, one after the other,
/// and a job that fails is logged without stopping the others. A job must be harmless when run twice at once (a
/// leader handing over), and should be short or stop when <see cref="Core.Coordination.ILeadership.IsLeader"/> turns false.
/// </summary>
public interface IHousekeepingJob
{
    /// <summary>What the log calls the job, e.g. "expired records".</summary>
    string Name { get; }

    /// <summary>Runs the job once and answers how many things it removed.</summary>
    Task<int> RunAsync(CancellationToken ct);
}
