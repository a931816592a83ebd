using System.Net;
using System.Net.Http.Json;
using Hangar.Server;
using Hangar.Server.Hosting;
using Hangar.Storage.Database;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hangar.TestSupport;

/// <summary>
/// The real server, in process, on a real loopback port with a real database (a SQLite file by default), so
/// that tests speak HTTP and JSON exactly as clients do.
/// </summary>
public sealed class HangarTestServer : IAsyncDisposable
{
    public const string AdminPassword = "test-first-owner-secret-1";

    private readonly TestDatabase _database;
    private readonly string _dataDirectory;

    // A node that joined another's installation uses (and leaves to it) that one's database and data directory; so
    // does a server after its restart (the new instance owns them then).
    private bool _owner;
    private bool _stopped;
    private TimeProvider? _time;

    private HangarTestServer(WebApplication app, TestDatabase database, string dataDirectory, bool owner, Uri baseAddress, string defaultWorkspaceId)
    {
        App = app;
        _database = database;
        _dataDirectory = dataDirectory;
        _owner = owner;
        BaseAddress = baseAddress;
        DefaultWorkspaceId = defaultWorkspaceId;
    }

    public WebApplication App { get; }
    public CapturedLogs Logs { get; private init; } = new();
    public Uri BaseAddress { get; }
    public string DefaultWorkspaceId { get; }
    public string DataDirectory => _dataDirectory;

    /// <summary>The management listener's <c>/metrics</c> URL (started with <c>MetricsUrls</c>), or null when it has none.</summary>
    public Uri? MetricsUrl => App.Services.GetService<Server.Observability.MetricsListener>() is { Urls: [var first, ..] }
        ? new Uri(first.TrimEnd('/') + Server.Observability.MetricsListener.Path)
        : null;
    public DatabaseSettings Database => _database.Settings;

    /// <param name="provider">The database to run on.</param>
    /// <param name="configure">Changes to the server's options.</param>
    /// <param name="time">A clock to run the server on (a fake one lets tests move time instead of sleeping).</param>
    /// <param name="services">More services for the server (an in-memory span exporter, say).</param>
    public static async Task<HangarTestServer> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite,
        Action<HangarServerOptions>? configure = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        return await StartAsync(database, TempDirectory.Create("hangar-server"), null, configure, time, services);
    }

    /// <summary>
    /// Another node of <paramref name="first"/>'s installation, as a scale-out deployment runs them: the same database
    /// and data directory (so the same master key and blobs), its own port and its own background services. Dispose
    /// it before <paramref name="first"/>, which owns the database and the directory.
    /// </summary>
    public static Task<HangarTestServer> JoinAsync(HangarTestServer first, Action<HangarServerOptions>? configure = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        return StartAsync(first._database, first._dataDirectory, first.DefaultWorkspaceId, configure, time);
    }

    /// <summary>
    /// Stops this server as a shutdown does, runs <paramref name="whileDown"/> (a test moves its clock there), and starts
    /// the server again on the same database and data directory (on another port) with the same clock. Use the returned
    /// server from then on; disposing this one afterwards does nothing.
    /// </summary>
    public async Task<HangarTestServer> RestartAsync(Action? whileDown = null, Action<HangarServerOptions>? configure = null)
    {
        await StopAsync();
        whileDown?.Invoke();
        var restarted = await StartAsync(_database, _dataDirectory, DefaultWorkspaceId, configure, _time);
        restarted._owner = _owner;
        _owner = false;
        return restarted;
    }

    private static async Task<HangarTestServer> StartAsync(TestDatabase database, string dataDirectory, string? joinedWorkspaceId,
        Action<HangarServerOptions>? configure, TimeProvider? time, Action<IServiceCollection>? services = null)
    {
        var options = new HangarServerOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = dataDirectory,
            Database = database.DatabaseFlag,
            AdminPassword = AdminPassword,
            EmbeddedWorker = false,
        };
        configure?.Invoke(options);
        var logs = new CapturedLogs();
        var app = HangarServer.Build(options, b =>
        {
            // Keep test output quiet, but keep every line the server logs for the tests to inspect.
            b.Logging.ClearProviders();
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Information);
            if (time is not null)
            {
                b.Services.AddSingleton(time);
            }

            services?.Invoke(b.Services);
        });
        var report = await HangarServer.PrepareAsync(app, CancellationToken.None);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var owner = joinedWorkspaceId is null;
        var workspaceId = joinedWorkspaceId ?? report.Bootstrap!.Workspace.Id;
        return new HangarTestServer(app, database, dataDirectory, owner, address, workspaceId) { Logs = logs, _time = time };
    }

    /// <summary>A client with its own cookie jar and no credentials.</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    /// <summary>A client signed in as <paramref name="username"/> (session cookie).</summary>
    public async Task<HttpClient> LoginAsync(string username, string password)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { username, password });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Login as {username} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public Task<HttpClient> LoginAsAdminAsync() => LoginAsync("admin", AdminPassword);

    /// <summary>
    /// Stops this node as a shutdown does, keeping its database and data directory: a node started with
    /// <see cref="JoinAsync"/> afterwards is this installation restarted. Dispose it before this one.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
        if (_owner)
        {
            await _database.DisposeAsync();
            TempDirectory.TryDelete(_dataDirectory);
        }
    }
}
