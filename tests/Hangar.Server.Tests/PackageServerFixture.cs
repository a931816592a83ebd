using Hangar.TestSupport;

namespace Hangar.Server.Tests;

/// <summary>A server whose task packages may be at most <see cref="MaxPackageBytes"/>, so that the size limit is cheap to reach.</summary>
public sealed class PackageServerFixture : IAsyncLifetime
{
    public const long MaxPackageBytes = 256 * 1024;

    private HangarTestServer? _server;

    public HangarTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync(configure: o => o.MaxPackageBytes = MaxPackageBytes);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
