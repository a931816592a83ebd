using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hangar.Core.Webhooks;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Webhook steps done over HTTP as a client does them, and the receiver's checks.</summary>
internal static class Webhooks
{
    public static readonly string[] AllEvents = [.. WebhookEvents.All];

    /// <summary>Creates a webhook and returns its id and secret (the create answer is the only one that has it).</summary>
    public static async Task<(string Id, string Secret)> CreateAsync(HttpClient client, string workspaceId, string endpoint, string[]? events = null,
        string? processId = null)
    {
        var created = await Api.PostAsync(client, $"/api/v1/workspaces/{workspaceId}/webhooks", new
        {
            endpoint,
            enabled_events = events ?? AllEvents,
            process = processId is null ? null : new { id = processId },
        });
        return (created["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    /// <summary>Runs a one-step process through a simulated worker: claim, then complete with <paramref name="exitCode"/>.</summary>
    public static async Task<string> RunThroughWorkerAsync(HttpClient admin, HttpClient worker, string workspaceId, string processId, int exitCode = 0,
        object? callback = null)
    {
        var body = callback is null
            ? (object)new { type = "with_payloads", payloads = new object[] { new { n = 1 } } }
            : new { type = "with_payloads", payloads = new object[] { new { n = 1 } }, callback };
        var runId = (await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/processes/{processId}/process-runs", body))["id"]!.GetValue<string>();
        using var claim = await Workers.ClaimAsync(worker);
        var assignment = await Api.OkJsonAsync(claim);
        Assert.Equal(runId, assignment["process_run_id"]!.GetValue<string>());
        await Api.PostAsync(worker, $"/worker-v1/step-runs/{assignment["step_run_id"]!.GetValue<string>()}/complete", new { exit_code = exitCode });
        return runId;
    }

    public static async Task StopAsync(HttpClient admin, string workspaceId, string runId) =>
        await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/process-runs/{runId}/stop", new { set_remaining_work_items_as_done = true });

    /// <summary>The webhook's deliveries, newest first.</summary>
    public static async Task<JsonArray> DeliveriesAsync(HttpClient client, string workspaceId, string webhookId) =>
        (await Api.GetAsync(client, $"/api/v1/workspaces/{workspaceId}/webhooks/{webhookId}/deliveries"))["data"]!.AsArray();

    /// <summary>Polls the delivery until <paramref name="until"/> holds for it (the sender records attempts after the receiver answered).</summary>
    public static async Task<JsonNode> WaitForDeliveryAsync(HttpClient client, string workspaceId, string webhookId, string deliveryId,
        Func<JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var delivery = await Api.GetAsync(client, $"/api/v1/workspaces/{workspaceId}/webhooks/{webhookId}/deliveries/{deliveryId}");
            if (until(delivery))
            {
                return delivery;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The delivery did not get there: {delivery.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    /// <summary>Asserts that the request carries <c>x-rc-signature</c> = hex(HMAC-SHA256(secret, raw body)).</summary>
    public static void AssertSigned(ReceivedRequest request, string secret)
    {
        // Computed here as a receiver does, not with the server's own code.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), request.Body));
        Assert.Equal(expected, request.Signature);
    }
}
