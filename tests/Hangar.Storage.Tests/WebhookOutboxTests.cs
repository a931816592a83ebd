using System.Text.Json.Nodes;
using Hangar.Core.Runs;
using Hangar.Core.Stores;
using Hangar.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>
/// The outbox on SQLite and PostgreSQL: a run's change of state and a work item's failure write their deliveries in
/// the change's own transaction, one per subscribed webhook and one for the run's callback, and nothing otherwise.
/// </summary>
public abstract class WebhookOutboxTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : StorageFixture, new()
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task EndingARun_WritesADeliveryPerSubscribedWebhook_AndOneForItsCallback()
    {
        var (workspace, _, processId, otherId) = await WebhookSeed.ProcessesAsync(fixture);
        var (_, _, elsewhere) = await Seed.TenantAsync(fixture);
        var everything = await WebhookSeed.WebhookAsync(fixture, workspace.Id, null, WebhookEvents.RunCompleted, WebhookEvents.RunStopped);
        var ofProcess = await WebhookSeed.WebhookAsync(fixture, workspace.Id, processId, WebhookEvents.RunCompleted);
        await WebhookSeed.WebhookAsync(fixture, workspace.Id, otherId, WebhookEvents.RunCompleted);
        await WebhookSeed.WebhookAsync(fixture, workspace.Id, null, WebhookEvents.RunStarted);
        await WebhookSeed.WebhookAsync(fixture, elsewhere.Id, null, WebhookEvents.RunCompleted);
        var run = await WebhookSeed.StartAsync(fixture, workspace.Id, processId, new RunCallback("https://caller.example/cb", "cb-secret", ["completed"]));
        var at = DateTimeOffset.UtcNow;

        await using (var scope = fixture.Scope())
        {
            var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
            Assert.True(await dispatch.EndRunAsync(run.Id, [ProcessRunState.New], ProcessRunState.Completed, at, _ct));
            // A change that does not happen reports nothing.
            Assert.False(await dispatch.EndRunAsync(run.Id, [ProcessRunState.New], ProcessRunState.Unresolved, at, _ct));
        }

        var deliveries = await WebhookSeed.DeliveriesAsync(fixture, workspace.Id);
        Assert.Equal(3, deliveries.Count);
        Assert.Equal([everything.Id, ofProcess.Id, null], deliveries.Select(d => d.WebhookId).OrderBy(id => id is null).ThenBy(id => id));
        Assert.Single(deliveries.Select(d => d.EventId).Distinct());
        Assert.Single(deliveries.Select(d => d.Body).Distinct());
        Assert.All(deliveries, d =>
        {
            Assert.Equal(WebhookEvents.RunCompleted, d.Event);
            Assert.Equal(WebhookDeliveryState.Pending, d.State);
            Assert.Equal(run.Id, d.OrderingKey);
            Assert.Equal(d.CreatedAt + TimeSpan.FromHours(24), d.GiveUpAt);
        });
        var callback = deliveries.Single(d => d.WebhookId is null);
        Assert.Equal(run.Id, callback.TargetId);
        Assert.Equal("https://caller.example/cb", callback.CallbackUrl);
        Assert.Equal(run.CallbackSecret, callback.CallbackSecret);
        var body = JsonNode.Parse(callback.Body)!;
        Assert.Equal(WebhookEvents.RunCompleted, body["event"]!.GetValue<string>());
        Assert.Equal(callback.EventId, body["id"]!.GetValue<string>());
        Assert.Equal("completed", body["payload"]!["state"]!.GetValue<string>());
        Assert.Equal(workspace.Id, body["payload"]!["workspaceId"]!.GetValue<string>());
        Assert.Equal(processId, body["payload"]!["processId"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartingARun_ReportsItOnce_AndNothingIsWrittenWhenNobodyListens()
    {
        var (workspace, _, processId, _) = await WebhookSeed.ProcessesAsync(fixture);
        var quiet = await WebhookSeed.StartAsync(fixture, workspace.Id, processId);
        await using (var scope = fixture.Scope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IDispatchStore>().MarkRunStartedAsync(quiet.Id, DateTimeOffset.UtcNow, _ct));
        }

        Assert.Empty(await WebhookSeed.DeliveriesAsync(fixture, workspace.Id));

        var webhook = await WebhookSeed.WebhookAsync(fixture, workspace.Id, processId, WebhookEvents.RunStarted);
        var run = await WebhookSeed.StartAsync(fixture, workspace.Id, processId);
        await using (var scope = fixture.Scope())
        {
            var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
            Assert.True(await dispatch.MarkRunStartedAsync(run.Id, DateTimeOffset.UtcNow, _ct));
            Assert.False(await dispatch.MarkRunStartedAsync(run.Id, DateTimeOffset.UtcNow, _ct));
        }

        var delivery = Assert.Single(await WebhookSeed.DeliveriesAsync(fixture, workspace.Id));
        Assert.Equal(webhook.Id, delivery.TargetId);
        Assert.Equal(WebhookEvents.RunStarted, delivery.Event);
        Assert.Equal("in_progress", JsonNode.Parse(delivery.Body)!["payload"]!["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailedItems_AreEachReported_ToWebhooksThatListen()
    {
        var (workspace, _, processId, _) = await WebhookSeed.ProcessesAsync(fixture);
        var webhook = await WebhookSeed.WebhookAsync(fixture, workspace.Id, null, WebhookEvents.WorkItemFailed);
        var run = await WebhookSeed.StartAsync(fixture, workspace.Id, processId, null, "{\"n\":1}", "{\"n\":2}");
        var done = await WebhookSeed.StartAsync(fixture, workspace.Id, processId, null, "{\"n\":3}");
        var at = DateTimeOffset.UtcNow;
        string stepId;
        await using (var scope = fixture.Scope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
            stepId = (await runs.ListOpenStepRunsAsync(run.Id, _ct))[0].StepId;
            var dispatch = scope.ServiceProvider.GetRequiredService<IDispatchStore>();
            Assert.Equal(2, await dispatch.FailUnprocessedItemsAsync(run.Id, stepId, at, _ct));
            // Items set done are no failure.
            Assert.Equal(1, await dispatch.SettleOpenItemsAsync(done.Id, false, WorkItemState.Done, null, null, null, at, _ct));
        }

        var deliveries = await WebhookSeed.DeliveriesAsync(fixture, workspace.Id);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(webhook.Id, d.WebhookId);
            Assert.Equal(WebhookEvents.WorkItemFailed, d.Event);
            Assert.Equal(run.Id, d.OrderingKey);
            var payload = JsonNode.Parse(d.Body)!["payload"]!;
            Assert.Equal("orchestrator", payload["exception"]!["type"]!.GetValue<string>());
            Assert.Equal("not_processed", payload["exception"]!["code"]!.GetValue<string>());
            Assert.Equal(stepId, payload["stepId"]!.GetValue<string>());
        });
        Assert.Equal(2, deliveries.Select(d => JsonNode.Parse(d.Body)!["payload"]!["workItemId"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(2, deliveries.Select(d => d.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ARobotReleasingAnItemAsFailed_ReportsIt_AndADoneReleaseDoesNot()
    {
        var (workspace, _, processId, _) = await WebhookSeed.ProcessesAsync(fixture);
        var webhook = await WebhookSeed.WebhookAsync(fixture, workspace.Id, processId, WebhookEvents.WorkItemFailed);
        var run = await WebhookSeed.StartAsync(fixture, workspace.Id, processId, null, "{\"n\":1}", "{\"n\":2}");
        var at = DateTimeOffset.UtcNow;
        await using (var scope = fixture.Scope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<IRunStore>();
            var stepRun = (await runs.ListOpenStepRunsAsync(run.Id, _ct))[0];
            var first = await runs.ReserveNextWorkItemAsync(stepRun, at, _ct);
            Assert.True(await runs.ReleaseWorkItemAsync(first!, stepRun.Id, new WorkItemRelease(WorkItemState.Done, null, null, null), at, _ct));
            var second = await runs.ReserveNextWorkItemAsync(stepRun, at, _ct);
            var failed = new WorkItemRelease(WorkItemState.Failed, WorkItemExceptionType.Business, "bad_invoice", "The invoice has no number.");
            Assert.True(await runs.ReleaseWorkItemAsync(second!, stepRun.Id, failed, at, _ct));
            // Released already: no second change, no second report.
            Assert.False(await runs.ReleaseWorkItemAsync(second!, stepRun.Id, failed, at, _ct));

            var delivery = Assert.Single(await WebhookSeed.DeliveriesAsync(fixture, workspace.Id));
            Assert.Equal(webhook.Id, delivery.WebhookId);
            var payload = JsonNode.Parse(delivery.Body)!["payload"]!;
            Assert.Equal(second, payload["workItemId"]!.GetValue<string>());
            Assert.Equal(stepRun.Id, payload["stepRunId"]!.GetValue<string>());
            Assert.Equal("business", payload["exception"]!["type"]!.GetValue<string>());
            Assert.Equal("bad_invoice", payload["exception"]!["code"]!.GetValue<string>());
            Assert.Equal("The invoice has no number.", payload["exception"]!["message"]!.GetValue<string>());
        }
    }
}

public sealed class WebhookOutboxTests_Sqlite(SqliteStorageFixture fixture) : WebhookOutboxTests<SqliteStorageFixture>(fixture);

public sealed class WebhookOutboxTests_Postgres(PostgresStorageFixture fixture) : WebhookOutboxTests<PostgresStorageFixture>(fixture);
