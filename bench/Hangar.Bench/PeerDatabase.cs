using Npgsql;

namespace Hangar.Bench;

/// <summary>
/// A scratch PostgreSQL database <c>hangar_peers_&lt;random&gt;</c> for one side and part of the peers benchmark,
/// on the cluster given by <c>--postgres</c>, dropped by <see cref="Dispose"/>; or nothing, on SQLite. The servers get
/// the cluster's connection string with only the database changed, so they pool connections as they would in use.
/// </summary>
internal sealed class PeerDatabase : IDisposable
{
    private readonly string? _cluster;
    private readonly string _name = "hangar_peers_" + Guid.NewGuid().ToString("N")[..12];

    private PeerDatabase(string? cluster)
    {
        _cluster = cluster;
        ConnectionString = cluster is null ? null : new NpgsqlConnectionStringBuilder(cluster) { Database = _name }.ConnectionString;
    }

    /// <summary>Null on SQLite.</summary>
    public string? ConnectionString { get; }

    public static PeerDatabase Create(string? cluster)
    {
        var database = new PeerDatabase(cluster);
        if (cluster is not null)
        {
            database.Execute($"CREATE DATABASE {database._name}");
        }

        return database;
    }

    /// <summary>What Hangar's server needs to use this database (nothing on SQLite: its data directory holds the file).</summary>
    public Dictionary<string, string> HangarEnvironment() =>
        ConnectionString is null ? [] : new Dictionary<string, string> { ["HANGAR_DATABASE"] = ConnectionString };

    public void Dispose()
    {
        if (_cluster is null)
        {
            return;
        }

        try
        {
            Execute($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop the scratch database {_name}: {e.Message}");
        }
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cluster) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
