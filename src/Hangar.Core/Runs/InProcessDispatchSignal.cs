using Hangar.Core.Coordination;

namespace Hangar.Core.Runs;

/// <summary>A signal for one node: waiters get a task that completes on the next <see cref="StepRunsQueued"/>.</summary>
public sealed class InProcessDispatchSignal : IDispatchSignal
{
    private readonly WakeSignal _signal = new();

    public void StepRunsQueued() => _signal.Raise();

    /// <summary>Completes when step runs are queued after this call.</summary>
    public Task NextAsync() => _signal.NextAsync();
}
