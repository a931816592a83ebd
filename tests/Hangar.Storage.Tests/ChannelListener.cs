using Hangar.Storage.Coordination;
using Npgsql;

namespace Hangar.Storage.Tests;

/// <summary>A session listening on the dispatch channel, as another node's listener does, for tests to read what arrives.</summary>
internal sealed class ChannelListener : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Queue<string> _payloads = new();

    private ChannelListener(NpgsqlConnection connection)
    {
        _connection = connection;
        _connection.Notification += (_, e) => _payloads.Enqueue(e.Payload);
    }

    public static async Task<ChannelListener> StartAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var listen = new NpgsqlCommand($"LISTEN {DispatchNotifier.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }

        return new ChannelListener(connection);
    }

    /// <summary>The payload of the next notification; fails when none comes within a generous bound (not a timing assertion).</summary>
    public async Task<string> NextAsync()
    {
        if (_payloads.Count == 0)
        {
            Assert.True(await _connection.WaitAsync(TimeSpan.FromSeconds(20)), "No notification arrived on the dispatch channel.");
        }

        return _payloads.Dequeue();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
