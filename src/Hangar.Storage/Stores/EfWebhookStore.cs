using System.Globalization;
using Hangar.Core.Paging;
using Hangar.Core.Webhooks;
using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

internal sealed class EfWebhookStore(HangarDbContext db, WriteGate writeGate, DispatchNotifier notifier) : IWebhookStore
{
    private const int DeleteBatch = 1000;

    public async Task AddAsync(Webhook webhook, CancellationToken ct)
    {
        db.Webhooks.Add(webhook);
        using var turn = await writeGate.EnterAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    public Task<Webhook?> FindAsync(string workspaceId, string id, CancellationToken ct) =>
        db.Webhooks.FirstOrDefaultAsync(w => w.Id == id && w.WorkspaceId == workspaceId, ct);

    public Task<Page<Webhook>> ListAsync(string workspaceId, PageRequest page, CancellationToken ct) =>
        db.Webhooks.AsNoTracking().Where(w => w.WorkspaceId == workspaceId).ToKeysetPageAsync(w => w.Id, page, ct);

    public Task<int> CountAsync(string workspaceId, CancellationToken ct) => db.Webhooks.CountAsync(w => w.WorkspaceId == workspaceId, ct);

    public async Task SaveAsync(CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(Webhook webhook, CancellationToken ct)
    {
        using var turn = await writeGate.EnterAsync(ct);
        // Its deliveries and their attempts go by the foreign keys' cascade, in the same statement.
        await db.Webhooks.Where(w => w.Id == webhook.Id).ExecuteDeleteAsync(ct);
        db.Entry(webhook).State = EntityState.Detached;
    }

    public async Task<Page<WebhookDelivery>> ListDeliveriesAsync(string webhookId, PageRequest page, CancellationToken ct)
    {
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == webhookId);
        if (Cursor(page) is { } after)
        {
            query = query.Where(d => d.Id < after);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(page.Limit + 1).ToListAsync(ct);
        return Page<WebhookDelivery>.FromOverfetch(rows, page.Limit);
    }

    public Task<WebhookDelivery?> FindDeliveryAsync(string webhookId, long deliveryId, CancellationToken ct) =>
        db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == webhookId, ct);

    public async Task<IReadOnlyList<WebhookDeliveryAttempt>> ListAttemptsAsync(long deliveryId, CancellationToken ct) =>
        await db.WebhookDeliveryAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.Id).ToListAsync(ct);

    public async Task<Page<WebhookDeliveryAttempt>> ListLogAsync(string webhookId, PageRequest page, CancellationToken ct)
    {
        var query = db.WebhookDeliveryAttempts.AsNoTracking().Where(a => a.WebhookId == webhookId);
        if (Cursor(page) is { } after)
        {
            query = query.Where(a => a.Id < after);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(page.Limit + 1).ToListAsync(ct);
        return Page<WebhookDeliveryAttempt>.FromOverfetch(rows, page.Limit);
    }

    public async Task AddDeliveryAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        db.WebhookDeliveries.Add(delivery);
        using var turn = await writeGate.EnterAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Entry(delivery).State = EntityState.Detached;
        // After the commit: the leading node finds the row when it wakes.
        await notifier.NotifyWebhooksAsync(db, ct);
    }

    public async Task<IReadOnlyList<string>> ListReadyTargetsAsync(DateTimeOffset now, IReadOnlyCollection<string> busy, int limit, CancellationToken ct)
    {
        var excluded = busy.ToList();
        // Oldest waiting first, so that a receiver with a long backlog does not keep the others waiting.
        return await Ready(now).Where(d => !excluded.Contains(d.TargetId))
            .GroupBy(d => d.TargetId)
            .Select(g => new { Target = g.Key, First = g.Min(d => d.Id) })
            .OrderBy(g => g.First)
            .Take(limit)
            .Select(g => g.Target)
            .ToListAsync(ct);
    }

    public async Task<DateTimeOffset?> NextDueAsync(IReadOnlyCollection<string> busy, CancellationToken ct)
    {
        var excluded = busy.ToList();
        var heads = Heads().Where(d => !excluded.Contains(d.TargetId));
        // A head waits for its time, or for its holder's lease to run out (a node that stopped mid-attempt).
        var due = await heads.Where(d => d.LeaseUntil == null).OrderBy(d => d.NextAttemptAt).Select(d => (DateTimeOffset?)d.NextAttemptAt)
            .FirstOrDefaultAsync(ct);
        var leased = await heads.Where(d => d.LeaseUntil != null).OrderBy(d => d.LeaseUntil).Select(d => d.LeaseUntil).FirstOrDefaultAsync(ct);
        return due is null ? leased : leased is null || due < leased ? due : leased;
    }

    public async Task<WebhookDelivery?> ClaimNextAsync(string targetId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        // Another node may take the same row between the look and the update; then look again.
        for (var tries = 0; tries < 3; tries++)
        {
            var id = await Ready(now).Where(d => d.TargetId == targetId).OrderBy(d => d.Id).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
            if (id is null)
            {
                return null;
            }

            int claimed;
            using (await writeGate.EnterAsync(ct))
            {
                claimed = await db.WebhookDeliveries
                    .Where(d => d.Id == id && d.State == WebhookDeliveryState.Pending && (d.LeaseUntil == null || d.LeaseUntil <= now))
                    .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseUntil, leaseUntil), ct);
            }

            if (claimed == 1)
            {
                return await db.WebhookDeliveries.AsNoTracking().FirstAsync(d => d.Id == id, ct);
            }
        }

        return null;
    }

    public async Task RecordAttemptAsync(WebhookDeliveryAttempt attempt, WebhookDeliveryState state, DateTimeOffset? nextAttemptAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        using var turn = await writeGate.EnterAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.WebhookDeliveryAttempts.Add(attempt);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            // The webhook (and with it the delivery) was deleted while the attempt was under way: nothing to record.
            db.Entry(attempt).State = EntityState.Detached;
            return;
        }

        db.Entry(attempt).State = EntityState.Detached;
        var delivery = db.WebhookDeliveries.Where(d => d.Id == attempt.DeliveryId);
        if (nextAttemptAt is { } next)
        {
            await delivery.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.Attempts, attempt.Attempt)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastAttemptAt, attempt.AttemptedAt)
                .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                .SetProperty(d => d.LastError, attempt.Error), ct);
        }
        else
        {
            await delivery.ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.Attempts, attempt.Attempt)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastAttemptAt, attempt.AttemptedAt)
                .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                .SetProperty(d => d.LastError, attempt.Error), ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<int> DeleteLogBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        // In batches, each its own short transaction, so that triggers and deliveries are never held up for long.
        var removed = 0;
        while (true)
        {
            var attempts = await db.WebhookDeliveryAttempts.Where(a => a.AttemptedAt < cutoff).OrderBy(a => a.Id).Select(a => a.Id)
                .Take(DeleteBatch).ToListAsync(ct);
            var deliveries = await db.WebhookDeliveries.Where(d => d.CreatedAt < cutoff && d.State != WebhookDeliveryState.Pending)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(DeleteBatch).ToListAsync(ct);
            if (attempts.Count == 0 && deliveries.Count == 0)
            {
                return removed;
            }

            using var turn = await writeGate.EnterAsync(ct);
            removed += await db.WebhookDeliveryAttempts.Where(a => attempts.Contains(a.Id)).ExecuteDeleteAsync(ct);
            removed += await db.WebhookDeliveries.Where(d => deliveries.Contains(d.Id)).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>
    /// Pending deliveries that no earlier pending delivery of the same run (ordering key) to the same target holds up:
    /// the only ones that may go next.
    /// </summary>
    private IQueryable<WebhookDelivery> Heads() =>
        db.WebhookDeliveries.AsNoTracking().Where(d => d.State == WebhookDeliveryState.Pending
                                                       && !db.WebhookDeliveries.Any(e => e.TargetId == d.TargetId && e.OrderingKey == d.OrderingKey
                                                                                         && e.State == WebhookDeliveryState.Pending && e.Id < d.Id));

    /// <summary>Heads that are due and held by nobody.</summary>
    private IQueryable<WebhookDelivery> Ready(DateTimeOffset now) =>
        Heads().Where(d => d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil <= now));

    private static long? Cursor(PageRequest page) =>
        page.After is { } after && long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
