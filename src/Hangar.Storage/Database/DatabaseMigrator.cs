using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Hangar.Storage.Database;

/// <summary>Brings the schema up to date at start, and tells readiness whether it is.</summary>
public static class DatabaseMigrator
{
    /// <summary>
    /// Applies the provider's pending migrations. Refuses a database that has migrations this binary does not
    /// know (a newer Hangar wrote it), and turns connection failures into one clear message.
    /// </summary>
    public static Task MigrateAsync(HangarDbContext context, DatabaseSettings settings, CancellationToken ct) =>
        OnDatabaseAsync(context, settings, async () =>
        {
            var known = context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var applied = await context.Database.GetAppliedMigrationsAsync(ct);
            var unknown = applied.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
            {
                throw new DatabaseStartupException(
                    $"The database schema is newer than this Hangar (it has migration {unknown[^1]}); upgrade Hangar to use this database.");
            }

            await context.Database.MigrateAsync(ct);
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }

            return true;
        }, ct);

    /// <summary>The migrations <see cref="MigrateAsync"/> would apply (all of them for a new database).</summary>
    public static Task<IReadOnlyList<string>> PendingMigrationsAsync(HangarDbContext context, DatabaseSettings settings, CancellationToken ct) =>
        OnDatabaseAsync<IReadOnlyList<string>>(context, settings, async () => [.. await context.Database.GetPendingMigrationsAsync(ct)], ct);

    /// <summary>
    /// What migrating and asking for pending migrations both need first: SQLite's folder and EF's history table; and
    /// one message for a database that cannot be used, whichever of the two met it.
    /// </summary>
    private static async Task<T> OnDatabaseAsync<T>(HangarDbContext context, DatabaseSettings settings, Func<Task<T>> step, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                EnsureSqliteDirectory(settings.ConnectionString);
            }

            await EnsureHistoryTableAsync(context, ct);
            return await step();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException
                                       or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            throw new DatabaseStartupException($"Cannot use the database ({settings.Describe()}): {OneLine(ex)}", ex);
        }
    }

    /// <summary>
    /// Creates EF's migration history table when it is missing, with EF's own script. On an empty PostgreSQL database
    /// EF finds out whether the table exists by querying it, and logs the query's failure as an error: a first start
    /// would begin with a "fail:" line that is no failure at all.
    /// </summary>
    private static async Task EnsureHistoryTableAsync(HangarDbContext context, CancellationToken ct)
    {
        var script = context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript();
        try
        {
            await context.Database.ExecuteSqlRawAsync(script, ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another node, starting at the same moment, created it first.
        }
    }

    /// <summary>True when the database answers and no migration is pending.</summary>
    public static async Task<bool> IsReadyAsync(HangarDbContext context, CancellationToken ct) =>
        await NotReadyReasonAsync(context, ct) is null;

    /// <summary>Why the database cannot serve this node now (unreachable, or migrations pending), or null when it can.</summary>
    public static async Task<string?> NotReadyReasonAsync(HangarDbContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (!await context.Database.CanConnectAsync(ct))
            {
                return "cannot connect to the database";
            }

            var pending = (await context.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0 ? null : $"the schema is behind: migration {pending[^1]} is not applied";
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            // Readiness is anonymous: the cause (host names, errors) stays out of its answer.
            return "cannot connect to the database";
        }
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
    }

    private static string OneLine(Exception ex)
    {
        // The innermost message names the cause (connection refused, password authentication failed, ...).
        var inner = ex;
        while (inner.InnerException is not null && inner is not PostgresException)
        {
            inner = inner.InnerException;
        }

        return inner.Message.ReplaceLineEndings(" ").Trim();
    }
}
