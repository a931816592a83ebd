using Hangar.Server.Hosting;
using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>
/// A server whose webhooks may call loopback receivers (<c>--allow-private-webhooks</c>, as the tests' receivers
/// listen on 127.0.0.1), with retries 50 ms apart instead of 10 s so that retried deliveries arrive at once. The sender
/// looks at the outbox on its own only every 10 minutes, far beyond any test's wait: deliveries arrive only if the
/// wake-ups (events written, retries falling due) work.
/// </summary>
public sealed class WebhookServerFixture : IAsyncLifetime
{
    private HangarTestServer? _server;

    public HangarTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public static void Configure(HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AllowPrivateWebhooks = true;
        options.WebhookRetrySeconds = 0.05;
        options.WebhookTimeoutSeconds = 5;
        options.WebhookIdleCheckSeconds = 600;
    }

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync(configure: Configure);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
