using Hangar.Storage.Database;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>The outbox is in the database: what a node had not delivered when it stopped, the next start delivers.</summary>
public class WebhookRestartTests
{
    [Fact]
    public async Task ARestart_LosesNoPendingDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = _ => 503;
        // The first node retries only after 3 s, so that it is not in the middle of an attempt when it stops.
        await using var first = await HangarTestServer.StartAsync(DatabaseProvider.Sqlite, o =>
        {
            WebhookServerFixture.Configure(o);
            o.WebhookRetrySeconds = 3;
        });
        string ws, hook, secret, runId;
        using (var admin = await first.LoginAsAdminAsync())
        {
            ws = first.DefaultWorkspaceId;
            var process = await Workers.ProcessAsync(first, admin, ws);
            (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["process_run.stopped"]);
            runId = await Workers.StartAsync(admin, ws, process, new { n = 1 });
            await Webhooks.StopAsync(admin, ws, runId);
            var id = (await Webhooks.DeliveriesAsync(admin, ws, hook)).Single()!["id"]!.GetValue<string>();
            await Webhooks.WaitForDeliveryAsync(admin, ws, hook, id, d => d["attempts"]!.GetValue<int>() == 1);
        }

        await first.StopAsync();
        receiver.Status = _ => 200;
        await using var restarted = await HangarTestServer.JoinAsync(first, WebhookServerFixture.Configure);

        var delivered = (await receiver.WaitForAsync(r => r.Answered == 200))[0];
        Assert.Equal("process_run.stopped", delivered.Event);
        Assert.Equal(runId, delivered.Content["payload"]!["processRunId"]!.GetValue<string>());
        Webhooks.AssertSigned(delivered, secret);
        using var again = await restarted.LoginAsAdminAsync();
        var delivery = (await Webhooks.DeliveriesAsync(again, ws, hook)).Single()!;
        var done = await Webhooks.WaitForDeliveryAsync(again, ws, hook, delivery["id"]!.GetValue<string>(),
            d => d["state"]!.GetValue<string>() == "delivered");
        Assert.Equal(2, done["attempts"]!.GetValue<int>());
    }
}
