using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Hangar.Storage.Tests;

/// <summary>Leader election among nodes sharing one PostgreSQL database.</summary>
public sealed class PostgresLeadershipTests : IAsyncLifetime
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private TestDatabase? _database;

    private DatabaseSettings Settings => _database!.Settings;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task OneNodeLeads_AndTheOtherLeadsAtItsNextTry_OnceTheLeadersConnectionDropped()
    {
        await using var first = Node();
        await using var second = Node();
        Assert.True(await first.IsLeaderAsync(_ct));
        Assert.False(await second.IsLeaderAsync(_ct));
        Assert.True(await first.IsLeaderAsync(_ct));
        Assert.False(await second.IsLeaderAsync(_ct));
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);

        var leaderPid = Assert.Single(await LockHoldersAsync());
        await ExecuteAsync($"SELECT pg_terminate_backend({leaderPid})");
        await LockReleasedAsync();

        Assert.True(await second.IsLeaderAsync(_ct));
        // The old leader notices at its next check that its session is gone, and finds the lock taken when it tries again.
        Assert.False(await first.IsLeaderAsync(_ct));
        Assert.False(first.IsLeader);
        Assert.False(await first.IsLeaderAsync(_ct));
        Assert.True(await second.IsLeaderAsync(_ct));
    }

    [Fact]
    public async Task DisposingTheLeader_HandsLeadershipToTheNextTry()
    {
        await using var second = Node();
        var first = Node();
        Assert.True(await first.IsLeaderAsync(_ct));
        Assert.False(await second.IsLeaderAsync(_ct));

        await first.DisposeAsync();
        await LockReleasedAsync();

        Assert.True(await second.IsLeaderAsync(_ct));
        Assert.False(await first.IsLeaderAsync(_ct));
    }

    [Fact]
    public async Task UnreachableDatabase_MeansNotLeader_WithOneWarningPerOutage()
    {
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var unreachable = new NpgsqlConnectionStringBuilder(Settings.ConnectionString) { Port = 1, Timeout = 2 }.ToString();
        await using var node = new PostgresLeadership(Settings with { ConnectionString = unreachable }, loggers.CreateLogger<PostgresLeadership>());
        Assert.False(await node.IsLeaderAsync(_ct));
        Assert.False(await node.IsLeaderAsync(_ct));
        Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    private PostgresLeadership Node() => new(Settings, NullLogger<PostgresLeadership>.Instance);

    /// <summary>Backends holding the leader lock in this database (PostgreSQL shows a bigint key as two 32-bit halves).</summary>
    private async Task<List<int>> LockHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid::bigint = @high AND objid::bigint = @low "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
        command.Parameters.AddWithValue("high", PostgresLeadership.LockKey >> 32);
        command.Parameters.AddWithValue("low", PostgresLeadership.LockKey & 0xFFFFFFFF);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>A session ends a moment after its connection closes: waits (boundedly) until PostgreSQL released its lock.</summary>
    private async Task LockReleasedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await LockHoldersAsync()).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The leader lock was never released.");
            await Task.Delay(20);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
