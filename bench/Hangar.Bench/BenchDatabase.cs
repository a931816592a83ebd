using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hangar.Bench;

/// <summary>
/// The database a benchmark's server runs on (trigger, retention, cluster): the server's SQLite file in the data
/// directory, or a scratch PostgreSQL database created for the run (and dropped by <see cref="Dispose"/>). The
/// retention benchmark also seeds it and reads it beside the server (counts and sizes), so that its measurement does
/// not go through the API it loads.
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string? _cluster;
    private readonly string? _postgres;
    private readonly string _sqliteFile;
    private readonly string _name;

    private BenchDatabase(string dataDir, string? cluster)
    {
        _sqliteFile = Path.Combine(dataDir, "hangar.db");
        _cluster = cluster;
        _name = "hangar_bench_" + Guid.NewGuid().ToString("N")[..12];
        if (cluster is not null)
        {
            _postgres = new NpgsqlConnectionStringBuilder(cluster) { Database = _name, Pooling = false }.ConnectionString;
        }
    }

    public bool IsPostgres => _postgres is not null;

    public string Kind => IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>The scratch PostgreSQL database's connection string (null on SQLite).</summary>
    public string? PostgresConnectionString => _postgres;

    /// <summary>
    /// The connection string the server gets: the scratch database with the server's own pooling. (The benchmark's
    /// own connections do without a pool, so that dropping the database at the end finds none left open; a server
    /// without one would open a PostgreSQL session per request and measure that instead of itself.)
    /// </summary>
    public string? ServerConnectionString => _postgres is null ? null : new NpgsqlConnectionStringBuilder(_postgres) { Pooling = true }.ConnectionString;

    /// <summary>Creates the scratch database on PostgreSQL; SQLite's file is created by the server's first start.</summary>
    public static BenchDatabase Create(string dataDir, string? cluster)
    {
        var database = new BenchDatabase(dataDir, cluster);
        if (cluster is not null)
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {database._name}", connection);
            command.ExecuteNonQuery();
        }

        return database;
    }

    /// <summary>An open connection to the database, for seeding beside a stopped server (no pooling).</summary>
    public System.Data.Common.DbConnection Open()
    {
        System.Data.Common.DbConnection connection = _postgres is null
            ? new SqliteConnection($"Data Source={_sqliteFile};Pooling=False")
            : new NpgsqlConnection(_postgres);
        connection.Open();
        return connection;
    }

    /// <summary>What the server needs to use this database.</summary>
    public Dictionary<string, string> ServerEnvironment() =>
        _postgres is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["HANGAR_DATABASE"] = ServerConnectionString! };

    public RetentionSeed.Seeded Seed(string blobRoot, RunsBenchmark.Setup setup, int count, DateTimeOffset endedAround, bool files, long firstNumber) =>
        _postgres is null
            ? RetentionSeed.Write(_sqliteFile, blobRoot, setup, count, endedAround, files, firstNumber)
            : RetentionSeedPostgres.Write(_postgres, blobRoot, setup, count, endedAround, files, firstNumber, tag: files ? "old" : "young");

    /// <summary>
    /// The workspace's runs that ended before (or, with <paramref name="before"/> false, at or after) the given time,
    /// through the server's (workspace_id, ended_at) index: polled often, it must not scan the table.
    /// </summary>
    public long CountRuns(string workspaceId, DateTimeOffset ended, bool before)
    {
        var op = before ? "<" : ">=";
        if (_postgres is null)
        {
            // WAL lets a reader in while the server writes.
            using var connection = new SqliteConnection($"Data Source={_sqliteFile};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM process_runs WHERE workspace_id = $ws AND ended_at {op} $at";
            command.Parameters.AddWithValue("$ws", workspaceId);
            command.Parameters.AddWithValue("$at", ended.UtcTicks);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using var pg = new NpgsqlConnection(_postgres);
        pg.Open();
        using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM process_runs WHERE workspace_id = @ws AND ended_at {op} @at", pg);
        count.Parameters.AddWithValue("ws", workspaceId);
        count.Parameters.AddWithValue("at", ended.ToUniversalTime());
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The database's size on disk: the SQLite file with its WAL, or pg_database_size.</summary>
    public long SizeBytes()
    {
        if (_postgres is null)
        {
            return new[] { _sqliteFile, _sqliteFile + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        }

        using var pg = new NpgsqlConnection(_postgres);
        pg.Open();
        using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", pg);
        return Convert.ToInt64(size.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>SQLite: auto_vacuum mode and free pages left; PostgreSQL: what reclaims its space instead.</summary>
    public string SpaceNote()
    {
        if (_postgres is not null)
        {
            return "PostgreSQL reuses the space of deleted rows after autovacuum; the file does not shrink";
        }

        using var connection = new SqliteConnection($"Data Source={_sqliteFile};Mode=ReadOnly;Pooling=False");
        connection.Open();
        long Read(string pragma)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma}";
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture, $"auto_vacuum={Read("auto_vacuum")}, {Read("freelist_count"):N0} free pages left");
    }

    /// <summary>Drops the scratch PostgreSQL database (its connections first: the server has stopped, but be sure).</summary>
    public void Dispose()
    {
        if (_cluster is null)
        {
            return;
        }

        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cluster) { Pooling = false }.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"could not drop the scratch database {_name}: {e.Message}");
        }
    }
}
