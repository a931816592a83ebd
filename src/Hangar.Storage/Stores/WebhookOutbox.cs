using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Webhooks;
using Hangar.Storage.Coordination;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Stores;

/// <summary>
/// The webhook outbox's writer. The stores that change a run's state or fail work items call it inside the transaction
/// of the change, so a reported change and its deliveries are committed together or not at all (and a delivery is
/// never lost to a crash between the two). It writes one delivery per subscribed webhook (the workspace's, and the
/// run's process's) and one for the run's callback when it asked for the event; nothing when nobody listens. After the
/// commit it wakes this node's sender; other nodes hear a <c>NOTIFY</c> sent in the same transaction.
/// </summary>
internal sealed class WebhookOutbox(HangarDbContext db, DispatchNotifier notifier, WebhookSignal signal, WebhookOptions options)
{
    /// <summary>
    /// Runs <paramref name="change"/> and then <paramref name="report"/> (which writes deliveries for what changed and
    /// says how many) in one transaction, and wakes the sender once it has committed.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<Task<T>> change, Func<T, Task<int>> report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(report);
        if (db.Database.CurrentTransaction is not null)
        {
            // The caller's transaction: its commit is the caller's, and the sender's periodic look finds the rows.
            var inner = await change();
            await report(inner);
            return inner;
        }

        T result;
        int written;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            result = await change();
            written = await report(result);
            await transaction.CommitAsync(ct);
        }

        if (written > 0)
        {
            signal.Raise();
        }

        return result;
    }

    /// <summary>The deliveries reporting that run <paramref name="runId"/> has just moved into <paramref name="state"/>.</summary>
    public async Task<int> RunMovedAsync(string runId, ProcessRunState state, DateTimeOffset at, CancellationToken ct)
    {
        if (WebhookEvents.ForRunState(state) is not { } eventName)
        {
            return 0;
        }

        var run = await db.ProcessRuns.AsNoTracking().Where(r => r.Id == runId)
            .Select(r => new
            {
                r.WorkspaceId, r.ProcessId, r.Number, r.State, r.CreatedAt, r.StartedAt, r.EndedAt, r.StartedByType, r.StartedById, r.CallbackUrl,
                r.CallbackSecret, r.CallbackEvents,
            })
            .FirstOrDefaultAsync(ct);
        if (run is null)
        {
            return 0;
        }

        var webhooks = await SubscribersAsync(run.WorkspaceId, run.ProcessId, eventName, ct);
        var callback = run.CallbackUrl is not null && WebhookEvents.CallbackName(eventName) is { } callbackName
                       && (run.CallbackEvents ?? string.Empty).Split(' ').Contains(callbackName);
        if (webhooks.Count == 0 && !callback)
        {
            return 0;
        }

        var processName = await db.Processes.AsNoTracking().Where(p => p.Id == run.ProcessId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        var eventId = Ids.New();
        var body = WebhookBodies.Run(eventId, at, eventName, new RunEventFacts(run.WorkspaceId, run.ProcessId, processName, runId, run.Number,
            run.State, run.CreatedAt, run.StartedAt, run.EndedAt, run.StartedByType, run.StartedById));
        var deliveries = webhooks.Select(webhookId => New(run.WorkspaceId, webhookId, webhookId, runId, eventId, eventName, body, at)).ToList();
        if (callback)
        {
            deliveries.Add(New(run.WorkspaceId, null, runId, runId, eventId, eventName, body, at, run.CallbackUrl, run.CallbackSecret));
        }

        return await WriteAsync(deliveries, ct);
    }

    /// <summary>The <c>work_item.failed</c> deliveries for <paramref name="items"/>, which have just failed.</summary>
    public async Task<int> ItemsFailedAsync(IReadOnlyList<WorkItem> items, DateTimeOffset at, CancellationToken ct)
    {
        var deliveries = new List<WebhookDelivery>();
        foreach (var group in items.GroupBy(i => (i.WorkspaceId, i.ProcessId)))
        {
            var webhooks = await SubscribersAsync(group.Key.WorkspaceId, group.Key.ProcessId, WebhookEvents.WorkItemFailed, ct);
            if (webhooks.Count == 0)
            {
                continue;
            }

            foreach (var item in group)
            {
                var eventId = Ids.New();
                var body = WebhookBodies.FailedItem(eventId, at, new FailedItemFacts(item.WorkspaceId, item.ProcessId, item.ProcessRunId, item.Id,
                    item.StepId, item.StepRunId, item.ExceptionType, item.ExceptionCode, item.ExceptionMessage));
                deliveries.AddRange(webhooks.Select(webhookId =>
                    New(item.WorkspaceId, webhookId, webhookId, item.ProcessRunId, eventId, WebhookEvents.WorkItemFailed, body, at)));
            }
        }

        return deliveries.Count == 0 ? 0 : await WriteAsync(deliveries, ct);
    }

    /// <summary>The workspace's webhooks for <paramref name="processId"/> (its own and the workspace-wide ones) that receive <paramref name="eventName"/>.</summary>
    private async Task<List<string>> SubscribersAsync(string workspaceId, string processId, string eventName, CancellationToken ct)
    {
        var webhooks = await db.Webhooks.AsNoTracking()
            .Where(w => w.WorkspaceId == workspaceId && (w.ProcessId == null || w.ProcessId == processId))
            .Select(w => new { w.Id, w.Events })
            .ToListAsync(ct);
        return webhooks.Where(w => w.Events.Contains(eventName)).Select(w => w.Id).ToList();
    }

    private WebhookDelivery New(string workspaceId, string? webhookId, string targetId, string? runId, string eventId, string eventName, string body,
        DateTimeOffset at, string? callbackUrl = null, byte[]? callbackSecret = null) => new()
    {
        WorkspaceId = workspaceId,
        WebhookId = webhookId,
        ProcessRunId = runId,
        TargetId = targetId,
        // A run's events to one target go strictly in order; events without a run are ordered only among themselves.
        OrderingKey = runId ?? eventId,
        EventId = eventId,
        Event = eventName,
        Body = body,
        CallbackUrl = callbackUrl,
        CallbackSecret = callbackSecret,
        State = WebhookDeliveryState.Pending,
        CreatedAt = at,
        NextAttemptAt = at,
        GiveUpAt = at + options.RetryWindow,
    };

    private async Task<int> WriteAsync(List<WebhookDelivery> deliveries, CancellationToken ct)
    {
        db.WebhookDeliveries.AddRange(deliveries);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            // Not kept in the unit of work: the caller's later saves must not see them, whatever happened here.
            foreach (var delivery in deliveries)
            {
                db.Entry(delivery).State = EntityState.Detached;
            }
        }

        await notifier.NotifyWebhooksAsync(db, ct);
        return deliveries.Count;
    }
}
