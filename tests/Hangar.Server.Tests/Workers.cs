using System.Net.Http.Headers;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>Worker protocol steps: a workspace with a linked worker, processes to run, claims.</summary>
internal static class Workers
{
    /// <summary>Links a worker with a fresh workspace link token and returns a client sending its credential.</summary>
    public static async Task<(string Id, HttpClient Client)> LinkAsync(HangarTestServer server, HttpClient admin, string workspaceId, string? groupId = null)
    {
        var token = groupId is null
            ? await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/workers/link-tokens", new { expires_at = DateTimeOffset.UtcNow.AddMinutes(5) })
            : await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/worker-groups/{groupId}/link-tokens", new { name = "t", expires_at = (string?)null });
        using var anonymous = server.CreateClient();
        var linked = await Api.PostAsync(anonymous, "/worker-v1/link", new { link_token = token["link_token"]!.GetValue<string>(), name = Api.Unique("worker") });
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", linked["credential"]!.GetValue<string>());
        return (linked["worker_id"]!.GetValue<string>(), client);
    }

    /// <summary>A process of steps each running task "Main" of a seeded package, in <paramref name="workspaceId"/>.</summary>
    public static async Task<string> ProcessAsync(HangarTestServer server, HttpClient admin, string workspaceId, int steps = 1, string? groupId = null,
        int retries = 1)
    {
        var package = await Api.SeedPackageAsync(server, workspaceId, "Main");
        var created = await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/processes", new
        {
            name = Api.Unique("process"),
            steps = Enumerable.Range(1, steps).Select(i => new
            {
                name = $"Step {i}", task_package = new { id = package }, task = "Main", worker_group = groupId is null ? null : new { id = groupId },
                retries_on_worker_loss = retries,
            }).ToArray(),
        });
        return created["id"]!.GetValue<string>();
    }

    public static async Task<string> StartAsync(HttpClient admin, string workspaceId, string processId, params object[] payloads) =>
        (await Api.PostAsync(admin, $"/api/v1/workspaces/{workspaceId}/processes/{processId}/process-runs",
            new { type = "with_payloads", payloads }))["id"]!.GetValue<string>();

    public static async Task<HttpResponseMessage> ClaimAsync(HttpClient worker, int waitSeconds = 0) =>
        await worker.PostAsync("/worker-v1/claim", Json.Body(new { wait_seconds = waitSeconds }));
}
