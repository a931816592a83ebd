using System.Net.Sockets;
using Npgsql;

namespace Hangar.Storage.Database;

/// <summary>
/// Tells an exception that means "the database cannot be reached right now" (connection refused or dropped, timeouts,
/// a server shutting down, starting up or out of connections) from every other failure. Those are answered 503
/// <c>database_unavailable</c> with Retry-After instead of a 500: the request may be sent again as it is, and a
/// client's credential was not refused, merely not checked.
/// </summary>
public static class DatabaseOutage
{
    // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, and the connection_exception class.
    private static readonly string[] UnavailableStates = ["57P01", "57P02", "57P03", "53300"];

    public static bool Is(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || UnavailableStates.Contains(postgres.SqlState);
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
                case InvalidOperationException when ex.Message.Contains("connection pool has been exhausted", StringComparison.OrdinalIgnoreCase):
                    return true;
            }
        }

        return false;
    }
}
