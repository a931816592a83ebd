namespace Hangar.Core.Runs;

/// <summary>
/// Wakes this node's workers waiting for work when step runs are queued, so a run starts at once instead of after a
/// poll interval. Services call it after they queued step runs, so the node that queued them never waits for a round
/// trip. Other nodes learn of the work through the database: on PostgreSQL the stores notify in the transaction that
/// queues the rows, and each node's listener calls this signal.
/// </summary>
public interface IDispatchSignal
{
    void StepRunsQueued();
}
