using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// Deliveries end to end: runs driven over the worker protocol and the v1 API, a real receiver on loopback, every
/// request checked byte for byte against its signature.
/// </summary>
public class WebhookDeliveryTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task RunEvents_ReachTheReceiverOnce_InOrder_WithAValidSignature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var workerClient = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url());

        var runId = await Webhooks.RunThroughWorkerAsync(admin, worker, ws, process);

        var completed = await receiver.WaitForEventAsync("process_run.completed", runId);
        var started = receiver.Received.Single(r => r.Event == "process_run.started");
        Assert.True(started.Number < completed.Number, "completed arrived before started");
        foreach (var request in new[] { started, completed })
        {
            Webhooks.AssertSigned(request, secret);
            Assert.Equal("POST", request.Method);
            Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
            var payload = request.Content["payload"]!;
            Assert.Equal(ws, payload["workspaceId"]!.GetValue<string>());
            Assert.Equal(process, payload["processId"]!.GetValue<string>());
            Assert.Equal(runId, payload["processRunId"]!.GetValue<string>());
            Assert.Equal(1, payload["processRunNumber"]!.GetValue<long>());
            Assert.True(Guid.TryParse(request.EventId, out _));
            Assert.True(DateTimeOffset.TryParse(request.Content["webhookEventTimestamp"]!.GetValue<string>(), out _));
        }

        Assert.Equal("in_progress", started.Content["payload"]!["state"]!.GetValue<string>());
        Assert.Equal("completed", completed.Content["payload"]!["state"]!.GetValue<string>());
        Assert.NotNull(completed.Content["payload"]!["endedAt"]!.GetValue<string>());
        Assert.Equal("user", completed.Content["payload"]!["startedBy"]!["type"]!.GetValue<string>());

        // Each event once: both deliveries are acknowledged at their first attempt, and nothing else was sent.
        foreach (var delivery in await Webhooks.DeliveriesAsync(admin, ws, hook))
        {
            await Webhooks.WaitForDeliveryAsync(admin, ws, hook, delivery!["id"]!.GetValue<string>(), d => d["state"]!.GetValue<string>() == "delivered");
        }

        var deliveries = await Webhooks.DeliveriesAsync(admin, ws, hook);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d!["attempts"]!.GetValue<int>()));
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(2, receiver.Received.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task AFailingRobot_ReportsItsFailedItem_BeforeTheUnresolvedRun()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var workerClient = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (_, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["work_item.failed", "process_run.unresolved"]);

        var runId = await Webhooks.RunThroughWorkerAsync(admin, worker, ws, process, exitCode: 3);

        var unresolved = await receiver.WaitForEventAsync("process_run.unresolved", runId);
        var failed = receiver.Received.Single(r => r.Event == "work_item.failed");
        Assert.True(failed.Number < unresolved.Number, "the run's end arrived before its failed item");
        Webhooks.AssertSigned(failed, secret);
        var item = failed.Content["payload"]!;
        Assert.Equal(runId, item["processRunId"]!.GetValue<string>());
        Assert.Equal("failed", item["state"]!.GetValue<string>());
        Assert.Equal("application", item["exception"]!["type"]!.GetValue<string>());
        Assert.Equal("robot_failure", item["exception"]!["code"]!.GetValue<string>());
        var items = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/work-items?process_run_id={runId}"))["data"]!.AsArray();
        Assert.Equal(items.Single()!["id"]!.GetValue<string>(), item["workItemId"]!.GetValue<string>());
        Assert.DoesNotContain(receiver.Received, r => r.Event == "process_run.started");
    }

    [Fact]
    public async Task Stop_ReportsTheStoppedRun_ToTheWorkspaceWebhook_AndNotToAnotherProcesssWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var other = await Workers.ProcessAsync(Server, admin, ws);
        var (_, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url("/all"), ["process_run.stopped"]);
        var (otherHook, _) = await Webhooks.CreateAsync(admin, ws, receiver.Url("/other"), ["process_run.stopped"], other);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });

        await Webhooks.StopAsync(admin, ws, runId);

        var stopped = await receiver.WaitForEventAsync("process_run.stopped", runId);
        Assert.Equal("/all", stopped.Path);
        Assert.Equal("stopped", stopped.Content["payload"]!["state"]!.GetValue<string>());
        Webhooks.AssertSigned(stopped, secret);
        Assert.Empty(await Webhooks.DeliveriesAsync(admin, ws, otherHook));
    }

    [Fact]
    public async Task AReceiverThatAnswers500Twice_GetsTheThirdAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = n => n <= 2 ? 500 : 200;
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["process_run.stopped"]);
        var runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });

        await Webhooks.StopAsync(admin, ws, runId);

        var requests = await receiver.WaitForAsync(r => r.Event == "process_run.stopped", count: 3);
        Assert.Equal([500, 500, 200], requests.Select(r => r.Answered));
        // The same event each time, byte for byte, so the receiver can de-duplicate on its id.
        Assert.Single(requests.Select(r => Convert.ToBase64String(r.Body)).Distinct());
        Assert.All(requests, r => Webhooks.AssertSigned(r, secret));
        var id = (await Webhooks.DeliveriesAsync(admin, ws, hook)).Single()!["id"]!.GetValue<string>();
        var delivery = await Webhooks.WaitForDeliveryAsync(admin, ws, hook, id, d => d["state"]!.GetValue<string>() == "delivered");
        Assert.Equal(3, delivery["attempts"]!.GetValue<int>());
        var log = delivery["attempt_log"]!.AsArray();
        Assert.Equal([1, 2, 3], log.Select(a => a!["attempt"]!.GetValue<int>()));
        Assert.Equal([500, 500, 200], log.Select(a => a!["status_code"]!.GetValue<int>()));
        Assert.Equal("answered 500", log[0]!["response"]!.GetValue<string>());
        Assert.Equal("http_status", log[0]!["error"]!.GetValue<string>());
        Assert.Equal(runId, delivery["body"]!["payload"]!["processRunId"]!.GetValue<string>());
        var webhookLog = (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{hook}/log"))["data"]!.AsArray();
        Assert.Equal([3, 2, 1], webhookLog.Select(a => a!["attempt"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Resend_SendsTheSameEventAgain_AsANewDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["process_run.stopped"]);
        await Webhooks.StopAsync(admin, ws, await Workers.StartAsync(admin, ws, process, new { n = 1 }));
        var first = await receiver.WaitForEventAsync("process_run.stopped");
        var original = (await Webhooks.DeliveriesAsync(admin, ws, hook)).Single()!["id"]!.GetValue<string>();

        var resent = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{hook}/deliveries/{original}/resend", new { });

        Assert.NotEqual(original, resent["id"]!.GetValue<string>());
        Assert.Equal(original, resent["resend_of"]!.GetValue<string>());
        Assert.Equal("pending", resent["state"]!.GetValue<string>());
        var again = (await receiver.WaitForAsync(r => r.Event == "process_run.stopped", count: 2))[1];
        Assert.Equal(first.Body, again.Body);
        Webhooks.AssertSigned(again, secret);
        await Webhooks.WaitForDeliveryAsync(admin, ws, hook, resent["id"]!.GetValue<string>(), d => d["state"]!.GetValue<string>() == "delivered");
        Assert.Contains("webhook.delivery_resent",
            (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events"))["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SendTestEvent_ArrivesSigned_WithSampleContent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["process_run.completed"]);

        var delivery = await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{hook}/test", new { });

        Assert.Equal("webhook.test", delivery["event"]!.GetValue<string>());
        var test = await receiver.WaitForEventAsync("webhook.test");
        Webhooks.AssertSigned(test, secret);
        Assert.Equal(ws, test.Content["payload"]!["workspaceId"]!.GetValue<string>());
        Assert.Equal(hook, test.Content["payload"]!["webhookId"]!.GetValue<string>());
        Assert.Equal(delivery["event_id"]!.GetValue<string>(), test.EventId);
        Assert.Contains("webhook.test_sent",
            (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events"))["data"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ACallback_ArrivesForItsRunOnly_SignedWithItsOwnSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var workerClient = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var callback = new { url = receiver.Url("/callback"), secret = "callback-secret-1", callback_events = new[] { "started", "completed" } };

        var runId = await Webhooks.RunThroughWorkerAsync(admin, worker, ws, process, callback: callback);
        await Webhooks.RunThroughWorkerAsync(admin, worker, ws, process);

        var completed = await receiver.WaitForEventAsync("process_run.completed", runId);
        var started = receiver.Received.Single(r => r.Event == "process_run.started");
        Assert.All(new[] { started, completed }, r =>
        {
            Assert.Equal("/callback", r.Path);
            Webhooks.AssertSigned(r, "callback-secret-1");
            Assert.Equal(runId, r.Content["payload"]!["processRunId"]!.GetValue<string>());
        });
        Assert.True(started.Number < completed.Number);
        // The other run had no callback, and there is no webhook: nothing else arrives.
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task ARedirect_IsNotFollowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (hook, _) = await Webhooks.CreateAsync(admin, ws, receiver.Url("/redirect"), ["process_run.stopped"]);
        await Webhooks.StopAsync(admin, ws, await Workers.StartAsync(admin, ws, process, new { n = 1 }));

        await receiver.WaitForAsync(r => r.Path == "/redirect");
        var id = (await Webhooks.DeliveriesAsync(admin, ws, hook)).Single()!["id"]!.GetValue<string>();
        var delivery = await Webhooks.WaitForDeliveryAsync(admin, ws, hook, id, d => d["attempts"]!.GetValue<int>() >= 1);
        Assert.Equal(302, delivery["attempt_log"]![0]!["status_code"]!.GetValue<int>());
        Assert.Equal("pending", delivery["state"]!.GetValue<string>());
        Assert.DoesNotContain(receiver.Received, r => r.Path == "/hook");
        await Api.DeleteJsonAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{hook}");
    }
}
