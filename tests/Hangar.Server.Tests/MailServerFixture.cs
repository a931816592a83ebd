using System.Net;
using Hangar.Server.Hosting;
using Hangar.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Server.Tests;

/// <summary>A server that receives mail (SMTP on a free loopback port, domain <see cref="Domain"/>), one per test class.</summary>
public sealed class MailServerFixture : IAsyncLifetime
{
    public const string Domain = "mail.hangar.test";
    public const long MaxEmailBytes = 2 * 1024 * 1024;

    private HangarTestServer? _server;

    public HangarTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public IPEndPoint Smtp => Server.App.Services.GetRequiredService<SmtpListenerService>().Endpoints[0];

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync(configure: Receive);

    public static void Receive(HangarServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SmtpUrls = "smtp://127.0.0.1:0";
        options.MailDomain = Domain;
        options.MaxEmailBytes = MaxEmailBytes;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
