using Hangar.Core.Domain;
using Hangar.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>
/// The sender's side of the outbox on SQLite and PostgreSQL: a delivery is taken by one claim at a time under a lease,
/// a run's deliveries to one target go strictly in order, and the log is cleaned without touching pending deliveries.
/// </summary>
public abstract class WebhookStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _ct = CancellationToken.None;

    /// <summary>
    /// A webhook to deliver to, deleted again (with its deliveries) when the test ends: the sender's queries look at
    /// every workspace, and the tests of this class share one database.
    /// </summary>
    private async Task<TestWebhook> WebhookAsync()
    {
        var (_, _, workspace) = await Seed.TenantAsync(fixture);
        var webhook = await WebhookSeed.WebhookAsync(fixture, workspace.Id, null, WebhookEvents.RunCompleted);
        return new TestWebhook(webhook, fixture.Scope());
    }

    private async Task<WebhookDelivery> AddAsync(IWebhookStore store, Webhook webhook, string orderingKey, DateTimeOffset at)
    {
        var delivery = new WebhookDelivery
        {
            WorkspaceId = webhook.WorkspaceId, WebhookId = webhook.Id, TargetId = webhook.Id, OrderingKey = orderingKey, EventId = Ids.New(),
            Event = WebhookEvents.RunCompleted, Body = "{}", State = WebhookDeliveryState.Pending, CreatedAt = at, NextAttemptAt = at,
            GiveUpAt = at.AddHours(24),
        };
        await store.AddDeliveryAsync(delivery, _ct);
        return delivery;
    }

    private Task RecordAsync(IWebhookStore store, WebhookDelivery delivery, WebhookDeliveryState state, DateTimeOffset at, DateTimeOffset? next) =>
        store.RecordAttemptAsync(new WebhookDeliveryAttempt
        {
            DeliveryId = delivery.Id, WorkspaceId = delivery.WorkspaceId, WebhookId = delivery.WebhookId, Attempt = delivery.Attempts + 1,
            Event = delivery.Event, AttemptedAt = at, StatusCode = state == WebhookDeliveryState.Delivered ? 200 : 500, LatencyMs = 3,
            Response = "r", Error = state == WebhookDeliveryState.Delivered ? null : "http_status",
        }, state, next, _ct);

    [Fact]
    public async Task ARunsDeliveries_GoStrictlyInOrder_WhileOtherRunsPassARetriedOne()
    {
        await using var test = await WebhookAsync();
        var (webhook, store) = (test.Webhook, test.Store);
        var first = await AddAsync(store, webhook, "run-a", T0);
        var second = await AddAsync(store, webhook, "run-a", T0);
        var other = await AddAsync(store, webhook, "run-b", T0);

        var claimed = await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct);
        Assert.Equal(first.Id, claimed!.Id);
        Assert.Equal(T0.AddMinutes(1), claimed.LeaseUntil);
        // The first of run-a is being sent: the second waits for it, run-b's goes meanwhile.
        Assert.Equal(other.Id, (await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct))!.Id);
        Assert.Null(await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct));
        Assert.Empty(await store.ListReadyTargetsAsync(T0, [], 10, _ct));

        await RecordAsync(store, claimed, WebhookDeliveryState.Pending, T0.AddSeconds(1), T0.AddSeconds(10));
        await RecordAsync(store, other, WebhookDeliveryState.Delivered, T0.AddSeconds(1), null);
        // The first failed and waits for its retry; the second of its run still waits behind it.
        Assert.Null(await store.ClaimNextAsync(webhook.Id, T0.AddSeconds(2), T0.AddMinutes(1), _ct));
        Assert.Equal(T0.AddSeconds(10), await store.NextDueAsync([], _ct));
        Assert.Null(await store.NextDueAsync([webhook.Id], _ct));
        Assert.Equal([webhook.Id], await store.ListReadyTargetsAsync(T0.AddSeconds(10), [], 10, _ct));
        Assert.Empty(await store.ListReadyTargetsAsync(T0.AddSeconds(10), [webhook.Id], 10, _ct));

        var retry = await store.ClaimNextAsync(webhook.Id, T0.AddSeconds(10), T0.AddMinutes(2), _ct);
        Assert.Equal(first.Id, retry!.Id);
        Assert.Equal(1, retry.Attempts);
        await RecordAsync(store, retry, WebhookDeliveryState.Delivered, T0.AddSeconds(11), null);
        Assert.Equal(second.Id, (await store.ClaimNextAsync(webhook.Id, T0.AddSeconds(11), T0.AddMinutes(2), _ct))!.Id);

        var attempts = await store.ListAttemptsAsync(first.Id, _ct);
        Assert.Equal([1, 2], attempts.Select(a => a.Attempt));
        var delivered = await store.FindDeliveryAsync(webhook.Id, first.Id, _ct);
        Assert.Equal(WebhookDeliveryState.Delivered, delivered!.State);
        Assert.Equal(2, delivered.Attempts);
        Assert.Null(delivered.LeaseUntil);
        Assert.Equal(200, delivered.LastStatusCode);
    }

    [Fact]
    public async Task ConcurrentClaims_TakeADeliveryOnce()
    {
        await using var test = await WebhookAsync();
        var (webhook, store) = (test.Webhook, test.Store);
        await AddAsync(store, webhook, "run", T0);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var own = fixture.Scope();
            return await own.ServiceProvider.GetRequiredService<IWebhookStore>().ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct);
        }));
        Assert.Single(claims, c => c is not null);
    }

    [Fact]
    public async Task ADeliveryWhoseLeaseRanOut_IsClaimedAgain()
    {
        await using var test = await WebhookAsync();
        var (webhook, store) = (test.Webhook, test.Store);
        var delivery = await AddAsync(store, webhook, "run", T0);
        Assert.NotNull(await store.ClaimNextAsync(webhook.Id, T0, T0.AddSeconds(40), _ct));
        // The node that held it stopped without recording anything.
        Assert.Null(await store.ClaimNextAsync(webhook.Id, T0.AddSeconds(39), T0.AddSeconds(80), _ct));
        Assert.Equal(T0.AddSeconds(40), await store.NextDueAsync([], _ct));
        Assert.Equal(delivery.Id, (await store.ClaimNextAsync(webhook.Id, T0.AddSeconds(40), T0.AddSeconds(80), _ct))!.Id);
    }

    [Fact]
    public async Task CleaningTheLog_RemovesOldAttemptsAndFinishedDeliveries_ButKeepsPendingOnes()
    {
        await using var test = await WebhookAsync();
        var (webhook, store) = (test.Webhook, test.Store);
        var old = await AddAsync(store, webhook, "a", T0);
        var stillPending = await AddAsync(store, webhook, "b", T0);
        var recent = await AddAsync(store, webhook, "c", T0.AddDays(20));
        await RecordAsync(store, (await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct))!, WebhookDeliveryState.Delivered, T0, null);
        await RecordAsync(store, (await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct))!, WebhookDeliveryState.Pending, T0,
            T0.AddDays(30));

        Assert.Equal(3, await store.DeleteLogBeforeAsync(T0.AddDays(14), _ct));

        Assert.Null(await store.FindDeliveryAsync(webhook.Id, old.Id, _ct));
        Assert.NotNull(await store.FindDeliveryAsync(webhook.Id, stillPending.Id, _ct));
        Assert.Empty(await store.ListAttemptsAsync(stillPending.Id, _ct));
        Assert.NotNull(await store.FindDeliveryAsync(webhook.Id, recent.Id, _ct));
    }

    [Fact]
    public async Task DeletingAWebhook_DeletesItsDeliveriesAndTheirAttempts()
    {
        await using var test = await WebhookAsync();
        var (webhook, store) = (test.Webhook, test.Store);
        var delivery = await AddAsync(store, webhook, "a", T0);
        await RecordAsync(store, (await store.ClaimNextAsync(webhook.Id, T0, T0.AddMinutes(1), _ct))!, WebhookDeliveryState.Pending, T0, T0.AddHours(1));

        await store.DeleteAsync((await store.FindAsync(webhook.WorkspaceId, webhook.Id, _ct))!, _ct);

        Assert.Null(await store.FindAsync(webhook.WorkspaceId, webhook.Id, _ct));
        Assert.Null(await store.FindDeliveryAsync(webhook.Id, delivery.Id, _ct));
        Assert.Empty(await store.ListAttemptsAsync(delivery.Id, _ct));
        Assert.Empty(await store.ListReadyTargetsAsync(T0.AddHours(2), [], 10, _ct));
    }
}

public sealed class WebhookStoreTests_Sqlite(SqliteStorageFixture fixture) : WebhookStoreTests<SqliteStorageFixture>(fixture);

public sealed class WebhookStoreTests_Postgres(PostgresStorageFixture fixture) : WebhookStoreTests<PostgresStorageFixture>(fixture);
