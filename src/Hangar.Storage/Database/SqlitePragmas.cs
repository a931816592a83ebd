using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hangar.Storage.Database;

/// <summary>
/// Per-connection SQLite settings. WAL itself is a property of the file, set once by the migrator; with WAL,
/// <c>synchronous=NORMAL</c> is durable against crashes of the process and much faster than FULL.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
