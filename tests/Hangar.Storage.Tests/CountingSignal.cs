using Hangar.Core.Runs;

namespace Hangar.Storage.Tests;

/// <summary>A dispatch signal that counts its wake-ups, for tests of what calls it.</summary>
internal sealed class CountingSignal : IDispatchSignal
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void StepRunsQueued() => Interlocked.Increment(ref _count);

    /// <summary>Returns once <paramref name="count"/> wake-ups happened; fails after a generous bound (not a timing assertion).</summary>
    public async Task WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Expected {count} wake-ups, saw {Count}.");
            await Task.Delay(20);
        }
    }
}
