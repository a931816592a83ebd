using Hangar.Core.Security;
using Hangar.Core.Services;
using Hangar.Server.Hosting;
using Hangar.Storage;
using Hangar.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hangar.Cli;

/// <summary>
/// The worker <c>hangar serve</c> runs by default: a worker of the Default (first) workspace, registered on the first
/// start with a credential kept in the data directory (0600), talking to the server over its own HTTP address exactly
/// as a worker on another machine would.
/// </summary>
internal static class EmbeddedWorker
{
    public const string ConfigFileName = "embedded-worker.json";

    public static async Task<WorkerConfig?> EnsureRegisteredAsync(WebApplication app, HangarServerOptions options, CancellationToken ct)
    {
        var server = ServerUrl(app);
        var path = Path.Combine(options.FullDataDirectory, ConfigFileName);
        await using var scope = app.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<LinkTokenService>();
        if (await WorkerConfig.LoadAsync(path, ct) is { } saved && await tokens.AuthenticateAsync(saved.Credential, null, ct) is not null)
        {
            return saved with { Server = server };
        }

        // First start, or the worker was removed in the UI: register it again.
        var db = scope.ServiceProvider.GetRequiredService<HangarDbContext>();
        var workspace = await db.Workspaces.AsNoTracking().OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).FirstOrDefaultAsync(ct);
        if (workspace is null)
        {
            return null;
        }

        var system = Caller.System("embedded worker");
        var (_, linkToken) = await tokens.CreateWorkspaceTokenAsync(system, new WorkspaceGrant(workspace.Id, Permissions.AllNames, IsAdmin: true), null, ct);
        var (worker, credential) = await tokens.LinkAsync(linkToken, $"embedded ({Environment.MachineName})", null, ct);
        var config = new WorkerConfig(server, worker.Id, workspace.Id, credential);
        await config.SaveAsync(path, ct);
        return config;
    }

    /// <summary>
    /// Where the embedded worker (and its robots) reach the server: an http listen address over loopback, else the
    /// public URL, whose certificate clients check by that name (a loopback address would not match it).
    /// </summary>
    private static string ServerUrl(WebApplication app) =>
        app.Urls.FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) is { } http
            ? LocalUrl(http)
            : app.Services.GetRequiredService<PublicUrl>().Value;

    /// <summary>The address to reach this server from this machine (a wildcard listen address becomes loopback).</summary>
    private static string LocalUrl(string listening)
    {
        var builder = new UriBuilder(listening.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0")
        {
            builder.Host = "127.0.0.1";
        }
        else if (builder.Host is "[::]" or "::")
        {
            builder.Host = "[::1]";
        }

        return builder.Uri.ToString().TrimEnd('/');
    }
}
