namespace Hangar.TestSupport;

/// <summary>One server per test class (xunit class fixture). Tests create their own data, so none depends on another.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private HangarTestServer? _server;

    public HangarTestServer Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await HangarTestServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
