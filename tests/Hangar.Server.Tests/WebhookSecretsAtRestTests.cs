using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Webhook and callback secrets, and callback URLs (which may carry a receiver's token), stay out of the database files and the logs.</summary>
public class WebhookSecretsAtRestTests(WebhookServerFixture fixture) : IClassFixture<WebhookServerFixture>
{
    private HangarTestServer Server => fixture.Server;

    [Fact]
    public async Task NoWebhookOrCallbackSecret_IsInTheDatabaseFilesOrTheLogs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = await Server.LoginAsAdminAsync();
        var ws = await Api.NewWorkspaceAsync(admin);
        var (_, worker) = await Workers.LinkAsync(Server, admin, ws);
        using var workerClient = worker;
        var process = await Workers.ProcessAsync(Server, admin, ws);
        var (hook, secret) = await Webhooks.CreateAsync(admin, ws, receiver.Url(), ["process_run.completed"]);
        await Api.PostAsync(admin, $"/api/v1/workspaces/{ws}/webhooks/{hook}/test", new { });
        const string callbackSecret = "callback-secret-at-rest-5e1f";
        const string callbackToken = "callback-token-in-the-url-91ad";
        var callback = new { url = receiver.Url($"/callback?token={callbackToken}"), secret = callbackSecret, callback_events = new[] { "completed" } };

        var runId = await Webhooks.RunThroughWorkerAsync(admin, worker, ws, process, callback: callback);

        // Both got there signed, so the server did use the secrets: they are stored, only not in the clear.
        Webhooks.AssertSigned(await receiver.WaitForEventAsync("webhook.test"), secret);
        var delivered = await receiver.WaitForAsync(r => r.Event == "process_run.completed", count: 2);
        Webhooks.AssertSigned(delivered.Single(r => r.Path == "/callback"), callbackSecret);
        Webhooks.AssertSigned(delivered.Single(r => r.Path == "/hook"), secret);
        Assert.All(delivered, r => Assert.Equal(runId, r.Content["payload"]!["processRunId"]!.GetValue<string>()));

        foreach (var file in await SecretsAtRestTests.DatabaseFilesAsync(Server))
        {
            var bytes = await SecretsAtRestTests.ReadSharedAsync(file);
            Assert.False(SecretsAtRestTests.Contains(bytes, secret), $"{file} holds a webhook secret in the clear");
            Assert.False(SecretsAtRestTests.Contains(bytes, callbackSecret), $"{file} holds a callback secret in the clear");
        }

        var logs = string.Join('\n', Server.Logs.Lines);
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(callbackSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(callbackToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, (await Api.GetAsync(admin, $"/api/v1/workspaces/{ws}/audit-events")).ToJsonString(), StringComparison.Ordinal);
    }
}
