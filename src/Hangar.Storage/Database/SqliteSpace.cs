using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Database;

/// <summary>
/// The free space of a SQLite database file. Deleting rows leaves their pages free inside the file; only a database
/// with <c>auto_vacuum=INCREMENTAL</c> can give them back to the file system a few at a time
/// (<c>PRAGMA incremental_vacuum(N)</c>, which retention runs after each batch). That mode is a property of the file,
/// chosen before its first table or switched later by a VACUUM, which rewrites the whole file.
/// </summary>
public static class SqliteSpace
{
    /// <summary>What <c>hangar serve</c> rewrites at start to switch an existing database: a few seconds of work at most.</summary>
    public const long SwitchAtStartLimitBytes = 256L * 1024 * 1024;

    private const long Incremental = 2;

    /// <summary>
    /// Switches the database to incremental vacuum unless it already is: right after the migrations have created a new
    /// database that costs a rewrite of an almost empty file. A database larger than <paramref name="maxBytes"/> is left
    /// as it is (<see cref="IncrementalVacuumState.TooLarge"/>). Run it with nothing else using the database: VACUUM
    /// needs the file to itself.
    /// </summary>
    public static async Task<(IncrementalVacuumState State, long Bytes)> EnableIncrementalVacuumAsync(HangarDbContext context, DatabaseSettings settings,
        long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            return (IncrementalVacuumState.NotSqlite, 0);
        }

        await context.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = context.Database.GetDbConnection();
            var bytes = await SizeAsync(connection, ct);
            if (await PragmaAsync(connection, "auto_vacuum", ct) == Incremental)
            {
                return (IncrementalVacuumState.AlreadyOn, bytes);
            }

            if (bytes > maxBytes)
            {
                return (IncrementalVacuumState.TooLarge, bytes);
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA auto_vacuum=INCREMENTAL; VACUUM;";
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(ct);
            }

            return (IncrementalVacuumState.Switched, await SizeAsync(connection, ct));
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The value of a numeric pragma (<c>freelist_count</c>, <c>page_count</c>, <c>auto_vacuum</c>, ...).</summary>
    public static async Task<long> PragmaAsync(DbConnection connection, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> SizeAsync(DbConnection connection, CancellationToken ct) =>
        await PragmaAsync(connection, "page_count", ct) * await PragmaAsync(connection, "page_size", ct);
}
