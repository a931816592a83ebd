namespace Hangar.Core.Coordination;

/// <summary>
/// Which node runs the sweeps that need only one runner (the lease watchdog, housekeeping). On SQLite there is one
/// node, so it always leads; on PostgreSQL the nodes sharing the database elect one through a lock. Leadership saves
/// work, it does not make the sweeps correct: a leader that lost its connection may finish a sweep while the next one
/// starts, so every change a sweep makes stays conditional.
/// </summary>
public interface ILeadership
{
    /// <summary>What the last <see cref="IsLeaderAsync"/> found, without asking the database.</summary>
    bool IsLeader { get; }

    /// <summary>False while the last election could not reach the database (readiness reports it).</summary>
    bool CanElect { get; }

    /// <summary>
    /// Confirms that this node still leads, or tries to become the leader when it does not; false while another node
    /// leads or the database cannot be reached. Never throws for database trouble (the next call tries again).
    /// </summary>
    Task<bool> IsLeaderAsync(CancellationToken ct);
}
