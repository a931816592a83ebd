using Hangar.Storage.Coordination;
using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hangar.Storage.Tests;

/// <summary>The listener that lets another node's queued step runs wake this node's waiting claims.</summary>
public sealed class PostgresDispatchListenerTests : IAsyncLifetime
{
    private TestDatabase? _database;

    private DatabaseSettings Settings => _database!.Settings;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);

    public async Task DisposeAsync() => await _database!.DisposeAsync();

    [Fact]
    public async Task AnotherNodesNotification_WakesThisNode_AlsoAfterTheListenersConnectionDropped()
    {
        var signal = new CountingSignal();
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var listener = new PostgresDispatchListener(Settings, new DispatchNotifier(DatabaseProvider.Postgres), signal, TimeProvider.System,
            loggers.CreateLogger<PostgresDispatchListener>());
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);
        await listener.FirstAttempt;
        Assert.True(listener.IsListening);
        // Listening starts with one wake-up, for work queued while nobody listened.
        Assert.Equal(1, signal.Count);

        await NotifyAsync("another-node");
        await signal.WaitForAsync(2);
        Assert.Equal(2, signal.Count);

        Assert.Equal(1, await TerminateListenerAsync());
        // It reconnects (and wakes the claims once more, for what was queued while it was away)...
        await signal.WaitForAsync(3);
        Assert.True(listener.IsListening);
        // ... and hears the other nodes again.
        await NotifyAsync("another-node");
        await signal.WaitForAsync(4);
        Assert.Single(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));

        await stop.CancelAsync();
        await running;
        Assert.False(listener.IsListening);
    }

    [Fact]
    public async Task UnreachableDatabase_EndsTheFirstAttempt_WithoutListening()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(Settings.ConnectionString) { Port = 1, Timeout = 2 }.ToString();
        var listener = new PostgresDispatchListener(Settings with { ConnectionString = unreachable }, new DispatchNotifier(DatabaseProvider.Postgres),
            new CountingSignal(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresDispatchListener>.Instance);
        using var stop = new CancellationTokenSource();
        var running = listener.RunAsync(stop.Token);
        await listener.FirstAttempt;
        Assert.False(listener.IsListening);
        await stop.CancelAsync();
        await running;
    }

    private async Task NotifyAsync(string payload)
    {
        await using var connection = new NpgsqlConnection(Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        command.Parameters.AddWithValue("channel", DispatchNotifier.Channel);
        command.Parameters.AddWithValue("payload", payload);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends the listener's session from the server side, as a database restart or a network cut would.</summary>
    private async Task<int> TerminateListenerAsync()
    {
        await using var connection = new NpgsqlConnection(Settings.ConnectionString);
        await connection.OpenAsync();
        // The function in the select list runs only for the rows the filter kept (in a WHERE clause it could run first).
        await using var command = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name", connection);
        command.Parameters.AddWithValue("name", PostgresDispatchListener.ApplicationName);
        var terminated = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            terminated += reader.GetBoolean(0) ? 1 : 0;
        }

        return terminated;
    }
}
