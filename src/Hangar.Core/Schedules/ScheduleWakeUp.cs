namespace Hangar.Core.Schedules;

/// <summary>
/// Tells this node's scheduler that schedules changed, so it looks again at once instead of sleeping until the time
/// it had planned for. Other nodes see the change at their next look (at most <see cref="ScheduleLimits.MaxSleep"/>).
/// </summary>
public sealed class ScheduleWakeUp
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public void Changed()
    {
        lock (_gate)
        {
            _changed.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until <paramref name="until"/> on <paramref name="time"/>'s clock or until a change, whichever comes first;
    /// a change made while nobody waited ends the next wait at once. The timer is set up before the clock is read
    /// again, so a clock that moves meanwhile (a test's fake one) is never missed.
    /// </summary>
    public async Task WaitAsync(DateTimeOffset until, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        var changed = Take();
        var delay = until - time.GetUtcNow();
        if (changed.IsCompleted || delay <= TimeSpan.Zero)
        {
            Consume(changed);
            return;
        }

        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var timer = time.CreateTimer(static state => ((TaskCompletionSource)state!).TrySetResult(), due, delay, Timeout.InfiniteTimeSpan);
        if (time.GetUtcNow() < until)
        {
            await Task.WhenAny(due.Task, changed).WaitAsync(ct);
        }

        Consume(changed);
    }

    private Task Take()
    {
        lock (_gate)
        {
            return _changed.Task;
        }
    }

    /// <summary>A change this wait has seen is used up: the next wait sleeps until there is another.</summary>
    private void Consume(Task seen)
    {
        lock (_gate)
        {
            if (seen.IsCompleted && _changed.Task == seen)
            {
                _changed = NewSignal();
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
