namespace Hangar.Worker;

/// <summary>
/// The three moments of a worker's graceful stop: <see cref="Stopping"/> (no new claims, at once),
/// <see cref="DrainOver"/> (robots still running after the drain time are ended, and their step runs given back), and
/// <see cref="GiveUp"/> (a little later: reports the server could not take yet stay on disk for the next start).
/// </summary>
internal sealed class WorkerStop : IDisposable
{
    /// <summary>How long after the drain time the worker keeps trying to reach the server before it leaves.</summary>
    public static readonly TimeSpan ReportGrace = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _drainOver;
    private readonly CancellationTokenSource _giveUp;
    private readonly CancellationTokenRegistration _registration;

    public WorkerStop(TimeSpan drain, TimeProvider time, Action onStopping, CancellationToken stopping)
    {
        Stopping = stopping;
        _drainOver = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _giveUp = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        _registration = stopping.Register(() =>
        {
            onStopping();
            _drainOver.CancelAfter(drain);
            _giveUp.CancelAfter(drain + ReportGrace);
        });
    }

    public CancellationToken Stopping { get; }
    public CancellationToken DrainOver => _drainOver.Token;
    public CancellationToken GiveUp => _giveUp.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _drainOver.Dispose();
        _giveUp.Dispose();
    }
}
