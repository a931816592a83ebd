namespace Hangar.Worker;

/// <summary>What the heartbeat learned about a running step run: the run is being stopped, or the step run is no longer ours.</summary>
internal sealed class RunControl : IDisposable
{
    public CancellationTokenSource Kill { get; } = new();
    public bool StopRequested { get; set; }
    public bool Lost { get; set; }

    public void Dispose() => Kill.Dispose();
}
