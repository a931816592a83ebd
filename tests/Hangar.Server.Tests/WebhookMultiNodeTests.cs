using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Two nodes on one PostgreSQL database: one sends (the leader), each event once, whichever node wrote it.</summary>
public class WebhookMultiNodeTests
{
    [Fact]
    public async Task TwoNodes_DeliverEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, WebhookServerFixture.Configure);
        await using var b = await HangarTestServer.JoinAsync(a, WebhookServerFixture.Configure);
        using var onA = await a.LoginAsAdminAsync();
        using var onB = await b.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        var (_, worker) = await Workers.LinkAsync(b, onA, ws);
        using var workerClient = worker;
        var process = await Workers.ProcessAsync(a, onA, ws);
        var (_, secret) = await Webhooks.CreateAsync(onA, ws, receiver.Url(), ["process_run.started", "process_run.completed", "process_run.stopped"]);

        // Runs started and ended on both nodes: a run completed through node B's worker protocol, and runs stopped on each node.
        var runs = new List<string> { await Webhooks.RunThroughWorkerAsync(onA, worker, ws, process) };
        for (var i = 0; i < 6; i++)
        {
            var node = i % 2 == 0 ? onA : onB;
            var runId = await Workers.StartAsync(node, ws, process, new { n = i });
            await Webhooks.StopAsync(i % 3 == 0 ? onA : onB, ws, runId);
            runs.Add(runId);
        }

        // started + completed of the first run, stopped of the others: 8 deliveries, each acknowledged at its first
        // attempt. A node sends only a delivery it claimed, and records the attempt before anyone can claim it again,
        // so once all are delivered every request that was ever sent has arrived.
        await receiver.WaitForAsync(_ => true, count: 8);
        var hook = (await Api.GetAsync(onA, $"/api/v1/workspaces/{ws}/webhooks"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>();
        var deliveries = await Webhooks.DeliveriesAsync(onB, ws, hook);
        Assert.Equal(8, deliveries.Count);
        foreach (var delivery in deliveries)
        {
            var done = await Webhooks.WaitForDeliveryAsync(onB, ws, hook, delivery!["id"]!.GetValue<string>(),
                d => d["state"]!.GetValue<string>() == "delivered");
            Assert.Equal(1, done["attempts"]!.GetValue<int>());
        }

        var received = receiver.Received;
        Assert.Equal(8, received.Count);
        Assert.Equal(8, received.Select(r => r.EventId).Distinct().Count());
        Assert.All(received, r => Webhooks.AssertSigned(r, secret));
        Assert.Equal(runs.Skip(1).Order(), received.Where(r => r.Event == "process_run.stopped")
            .Select(r => r.Content["payload"]!["processRunId"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task TwoNodes_RetryAFailingReceiver_Resend_AndCallBack()
    {
        await using var flaky = await WebhookReceiver.StartAsync();
        flaky.Status = n => n <= 2 ? 500 : 200;
        await using var caller = await WebhookReceiver.StartAsync();
        await using var a = await HangarTestServer.StartAsync(DatabaseProvider.Postgres, WebhookServerFixture.Configure);
        await using var b = await HangarTestServer.JoinAsync(a, WebhookServerFixture.Configure);
        using var onA = await a.LoginAsAdminAsync();
        using var onB = await b.LoginAsAdminAsync();
        var ws = a.DefaultWorkspaceId;
        var process = await Workers.ProcessAsync(a, onA, ws);
        var (hook, secret) = await Webhooks.CreateAsync(onB, ws, flaky.Url(), ["process_run.stopped"]);

        // A receiver that answers 500 twice gets the third attempt.
        var stoppedRun = await Workers.StartAsync(onA, ws, process, new { n = 1 });
        await Webhooks.StopAsync(onB, ws, stoppedRun);
        var attempts = await flaky.WaitForAsync(_ => true, count: 3);
        Assert.Equal([500, 500, 200], attempts.Select(r => r.Answered));
        Assert.All(attempts, r => Webhooks.AssertSigned(r, secret));
        var id = (await Webhooks.DeliveriesAsync(onA, ws, hook)).Single()!["id"]!.GetValue<string>();
        var delivered = await Webhooks.WaitForDeliveryAsync(onA, ws, hook, id, d => d["state"]!.GetValue<string>() == "delivered");
        Assert.Equal(3, delivered["attempts"]!.GetValue<int>());

        // A resend asked of either node goes out once more, byte for byte.
        await Api.PostAsync(onB, $"/api/v1/workspaces/{ws}/webhooks/{hook}/deliveries/{id}/resend", new { });
        var resent = (await flaky.WaitForAsync(_ => true, count: 4))[3];
        Assert.Equal(attempts[2].Body, resent.Body);

        // A callback of a run triggered on one node and run through the other arrives, signed with its secret.
        var (_, worker) = await Workers.LinkAsync(a, onA, ws);
        using var workerClient = worker;
        var callback = new { url = caller.Url("/done"), secret = "callback-secret-2", callback_events = new[] { "completed" } };
        var runId = await Webhooks.RunThroughWorkerAsync(onB, worker, ws, process, callback: callback);
        var completed = await caller.WaitForEventAsync("process_run.completed", runId);
        Webhooks.AssertSigned(completed, "callback-secret-2");
        Assert.Single(caller.Received);
    }
}
