namespace Hangar.Core.Coordination;

/// <summary>
/// A wake-up for one node: waiters take <see cref="NextAsync"/> before they look for work, and any
/// <see cref="Raise"/> after that completes it, so work that arrives between the look and the wait is never slept through.
/// </summary>
public class WakeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Raise() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next <see cref="Raise"/> after this call.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;
}
