using Hangar.Core.Runs;
using Hangar.Core.Webhooks;
using Hangar.Storage.Database;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hangar.Storage.Coordination;

/// <summary>
/// Holds one connection that LISTENs on <see cref="DispatchNotifier.Channel"/> and wakes this node's waiting claims
/// when another node queued step runs, and on <see cref="DispatchNotifier.WebhookChannel"/>, waking this node's
/// webhook sender (it sends only while this node leads) when another node wrote deliveries. A dropped connection is opened again after growing pauses (1 s, doubling, at
/// most 30 s), with one warning per outage. After every (re)connect the waiting claims are woken once, because work
/// queued while nobody listened here sent its notification into the void.
/// </summary>
public sealed partial class PostgresDispatchListener(DatabaseSettings settings, DispatchNotifier notifier, IDispatchSignal signal, TimeProvider time,
    ILogger<PostgresDispatchListener> logger, WebhookSignal? webhooks = null)
{
    public const string ApplicationName = "hangar-dispatch-listener";
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failures;
    private int _wakePending;

    /// <summary>Completes once the first attempt to listen has ended, whether it worked or not.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>True while the connection is open and listening.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Listens until <paramref name="ct"/> is cancelled; never fails for database trouble.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var connectionString = DedicatedConnections.For(settings.ConnectionString, ApplicationName);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await ListenAsync(connectionString, ct);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    IsListening = false;
                    if (_failures++ == 0)
                    {
                        LogLost(logger, ex);
                    }
                }

                _firstAttempt.TrySetResult();
                var pause = TimeSpan.FromSeconds(Math.Min(MaxPause.TotalSeconds, Math.Pow(2, Math.Max(0, _failures - 1))));
                await Task.Delay(pause, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            IsListening = false;
            _firstAttempt.TrySetResult();
        }
    }

    private async Task ListenAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        connection.Notification += OnNotification;
        await connection.OpenAsync(ct);
        await using (var listen = new NpgsqlCommand($"LISTEN {DispatchNotifier.Channel}; LISTEN {DispatchNotifier.WebhookChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        IsListening = true;
        if (_failures > 0)
        {
            LogRestored(logger);
            _failures = 0;
        }

        signal.StepRunsQueued();
        webhooks?.Raise();
        _firstAttempt.TrySetResult();
        while (true)
        {
            // Keepalives (see DedicatedConnections) end this wait with an error when the connection died silently.
            await connection.WaitAsync(ct);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (string.Equals(e.Payload, notifier.NodeId, StringComparison.Ordinal))
        {
            // This node's own: its services woke its claims (or its sender) when they wrote the rows.
            return;
        }

        if (e.Channel == DispatchNotifier.WebhookChannel)
        {
            // The sender takes everything due at each wake-up: raising it for each notification costs nothing more.
            webhooks?.Raise();
            return;
        }

        // Many notifications, one wake-up: the first schedules it, those arriving before it runs ride along (a claim
        // woken and already looking at the queue takes anything later as one more look).
        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Wake(), this, preferLocal: false);
        }
    }

    private void Wake()
    {
        // Cleared before waking, so a notification arriving during the wake-up schedules another rather than being lost.
        Volatile.Write(ref _wakePending, 0);
        signal.StepRunsQueued();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Lost the connection that hears other nodes queue step runs; reconnecting (until then waiting claims only see it at their periodic look)")]
    private static partial void LogLost(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for other nodes' step runs again")]
    private static partial void LogRestored(ILogger logger);
}
