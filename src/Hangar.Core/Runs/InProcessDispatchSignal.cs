namespace Hangar.Core.Runs;

/// <summary>A signal for one node: waiters get a task that completes on the next <see cref="StepRunsQueued"/>.</summary>
public sealed class InProcessDispatchSignal : IDispatchSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void StepRunsQueued() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes when step runs are queued after this call.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;
}
