using Hangar.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Storage.Tests;

/// <summary>A webhook a test delivers to, with the store of the test's unit of work; deleted with its deliveries on dispose.</summary>
internal sealed class TestWebhook(Webhook webhook, AsyncServiceScope scope) : IAsyncDisposable
{
    public Webhook Webhook => webhook;

    public IWebhookStore Store { get; } = scope.ServiceProvider.GetRequiredService<IWebhookStore>();

    public async ValueTask DisposeAsync()
    {
        if (await Store.FindAsync(webhook.WorkspaceId, webhook.Id, CancellationToken.None) is { } left)
        {
            await Store.DeleteAsync(left, CancellationToken.None);
        }

        await scope.DisposeAsync();
    }
}
