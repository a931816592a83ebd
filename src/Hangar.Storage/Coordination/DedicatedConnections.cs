using Npgsql;

namespace Hangar.Storage.Coordination;

/// <summary>Connection strings for connections a node holds open for itself (the dispatch listener, the leader lock).</summary>
internal static class DedicatedConnections
{
    /// <summary>
    /// Outside the pool, so closing one ends its session (and with it a session lock); with keepalives, so a connection
    /// that died silently is noticed while it only waits; named, so operators can tell them apart in pg_stat_activity.
    /// </summary>
    public static string For(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = applicationName,
        };
        return builder.ToString();
    }
}
