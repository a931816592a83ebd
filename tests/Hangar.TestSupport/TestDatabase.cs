using Hangar.Storage.Database;
using Npgsql;

namespace Hangar.TestSupport;

/// <summary>
/// A database of its own for one test class: a SQLite file in a temporary directory, or a fresh database in the
/// PostgreSQL cluster that <c>./test.sh</c> starts (<c>HANGAR_TEST_POSTGRES</c>). Removed on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "HANGAR_TEST_POSTGRES";

    private readonly string? _directory;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseSettings settings, string? directory, string? postgresName)
    {
        Settings = settings;
        _directory = directory;
        _postgresName = postgresName;
    }

    public DatabaseSettings Settings { get; }

    public DatabaseProvider Provider => Settings.Provider;

    /// <summary>The value for <c>--database</c> that points at this database.</summary>
    public string DatabaseFlag => Provider == DatabaseProvider.Postgres
        ? Settings.ConnectionString
        : "sqlite:" + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Settings.ConnectionString).DataSource;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = TempDirectory.Create("hangar-db");
            return new TestDatabase(DatabaseSettings.SqliteFile(Path.Combine(directory, "hangar.db")), directory, null);
        }

        var admin = AdminConnectionString();
        var name = "hangar_test_" + Guid.NewGuid().ToString("N")[..20];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, builder.ToString()), null, name);
    }

    /// <summary>The maintenance connection of the test cluster; a clear failure when the tests were not started by test.sh.</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL.");

    public async ValueTask DisposeAsync()
    {
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDirectory.TryDelete(_directory);
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(AdminConnectionString());
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
