using Hangar.Core.Coordination;
using Hangar.Storage.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hangar.Storage.Coordination;

/// <summary>
/// Leadership among the nodes sharing one PostgreSQL database: the node whose session holds the advisory lock
/// <see cref="LockKey"/> leads. The lock is taken with <c>pg_try_advisory_lock</c> on a connection this node keeps
/// open for nothing else, and lives exactly as long as that session: when the connection drops (or the node stops),
/// PostgreSQL releases it and another node wins it at its next try. A leader checks on each call that its session is
/// still alive; on an error it gives leadership up at once and tries again, from a new connection, on the next call.
/// </summary>
public sealed partial class PostgresLeadership(DatabaseSettings settings, ILogger<PostgresLeadership> logger) : ILeadership, IAsyncDisposable
{
    /// <summary>The session lock's key: "Hangar" in ASCII, so that it is recognisable in pg_locks.</summary>
    public const long LockKey = 0x48616E676172;

    public const string ApplicationName = "hangar-leader";

    private readonly string _connectionString = DedicatedConnections.For(settings.ConnectionString, ApplicationName);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private NpgsqlConnection? _connection;
    private volatile bool _isLeader;
    private volatile bool _outage;
    private bool _disposed;

    public bool IsLeader => _isLeader;

    public bool CanElect => !_outage;

    public async Task<bool> IsLeaderAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            if (_disposed)
            {
                return false;
            }

            try
            {
                _connection ??= await OpenAsync(ct);
                // The lock stays with the session, so a leader only proves its session alive; the others try to take
                // the lock (a try, never a wait: a node that waited for it could not notice losing its connection).
                var sql = _isLeader ? "SELECT true" : $"SELECT pg_try_advisory_lock({LockKey})";
                await using var command = new NpgsqlCommand(sql, _connection);
                var leader = await command.ExecuteScalarAsync(ct) is true;
                if (_outage)
                {
                    _outage = false;
                    LogRestored(logger);
                }

                if (leader && !_isLeader)
                {
                    LogGained(logger);
                }

                _isLeader = leader;
                return leader;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                if (_isLeader)
                {
                    LogLost(logger, ex);
                }
                else if (!_outage)
                {
                    LogUnreachable(logger, ex);
                }

                _outage = true;
                _isLeader = false;
                await DropConnectionAsync();
                return false;
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Closes the connection, which hands leadership over to the next node that tries.</summary>
    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync();
        try
        {
            _disposed = true;
            _isLeader = false;
            await DropConnectionAsync();
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is not null)
        {
            // Disposing a broken connection can throw too; it is gone either way.
            try
            {
                await _connection.DisposeAsync();
            }
            catch (NpgsqlException)
            {
            }

            _connection = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This node now leads: it runs the lease watchdog and housekeeping")]
    private static partial void LogGained(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node lost leadership with its connection; it tries to win it again at the next sweep")]
    private static partial void LogLost(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the database to elect a leader; trying again at the next sweep")]
    private static partial void LogUnreachable(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reaching the database for the leader election again")]
    private static partial void LogRestored(ILogger logger);
}
