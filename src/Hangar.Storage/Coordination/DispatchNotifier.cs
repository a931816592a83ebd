using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Coordination;

/// <summary>
/// Tells the other nodes that step runs were queued (<see cref="Channel"/>) or webhook deliveries written
/// (<see cref="WebhookChannel"/>): on PostgreSQL a <c>pg_notify</c> in the transaction that writes them, which
/// PostgreSQL delivers when (and only if) it commits, so a woken node always finds the rows. On SQLite there is only
/// this node, which the writers wake themselves: nothing to send.
/// </summary>
public sealed class DispatchNotifier(DatabaseProvider provider)
{
    public const string Channel = "hangar_dispatch";
    public const string WebhookChannel = "hangar_webhooks";

    /// <summary>
    /// This process's mark on its notifications (their payload): its own listener skips them, because the services
    /// woke this node's claims already when they queued the rows.
    /// </summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    private bool Postgres => provider == DatabaseProvider.Postgres;

    /// <summary>Notifies inside the caller's transaction (or on its own when there is none, after what it queued).</summary>
    public async Task NotifyAsync(HangarDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {NodeId})", ct);
        }
    }

    /// <summary>Notifies the node that sends deliveries (the leader), inside the transaction that wrote them.</summary>
    public async Task NotifyWebhooksAsync(HangarDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({WebhookChannel}, {NodeId})", ct);
        }
    }

    /// <summary>
    /// Saves the unit of work, which queues step runs, and notifies in the same transaction: the notification goes out
    /// exactly when the rows become visible.
    /// </summary>
    public async Task SaveAndNotifyAsync(HangarDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!Postgres || db.Database.CurrentTransaction is not null)
        {
            await db.SaveChangesAsync(ct);
            await NotifyAsync(db, ct);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Changes are accepted only once committed, so a failed commit leaves them pending as a failed save does.
        await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
        await NotifyAsync(db, ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.AcceptAllChanges();
    }
}
