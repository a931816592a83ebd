using Hangar.Core.Domain;
using Hangar.Core.Runs;
using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Core.Stores;
using Hangar.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>Processes, runs and webhooks for the webhook storage tests, written through the stores and services.</summary>
internal static class WebhookSeed
{
    /// <summary>A workspace with two one-step processes.</summary>
    public static async Task<(Workspace Workspace, Caller Admin, string ProcessId, string OtherProcessId)> ProcessesAsync(StorageFixture fixture)
    {
        var (workspace, admin, process) = await Seed.ProcessAsync(fixture);
        var (_, _, other) = await Seed.ProcessAsync(fixture, inWorkspace: (workspace, admin));
        return (workspace, admin, process, other);
    }

    public static async Task<ProcessRun> StartAsync(StorageFixture fixture, string workspaceId, string processId, RunCallback? callback = null,
        params string[] payloads)
    {
        await using var scope = fixture.Scope();
        var outcome = await scope.ServiceProvider.GetRequiredService<RunService>().StartAsync(new StartedBy("api", null, null), workspaceId, processId,
            new StartRequest(StartKind.WithPayloads, payloads.Length == 0 ? ["{}"] : payloads, [], callback), null, "h", CancellationToken.None);
        return outcome.Runs.Single();
    }

    public static async Task<Webhook> WebhookAsync(StorageFixture fixture, string workspaceId, string? processId, params string[] events)
    {
        var now = DateTimeOffset.UtcNow;
        var webhook = new Webhook
        {
            Id = Ids.New(), WorkspaceId = workspaceId, ProcessId = processId, Name = "w", Endpoint = "https://receiver.example/hook", Events = [.. events],
            EncryptedSecret = [1, 2, 3], SecretPreview = "whsec_abcd", CreatedAt = now, UpdatedAt = now,
        };
        await using var scope = fixture.Scope();
        await scope.ServiceProvider.GetRequiredService<IWebhookStore>().AddAsync(webhook, CancellationToken.None);
        return webhook;
    }

    /// <summary>The deliveries written for <paramref name="workspaceId"/>, oldest first, read straight from the table.</summary>
    public static async Task<List<WebhookDelivery>> DeliveriesAsync(StorageFixture fixture, string workspaceId)
    {
        await using var scope = fixture.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        return [.. db.WebhookDeliveries.Where(d => d.WorkspaceId == workspaceId).OrderBy(d => d.Id)];
    }
}
