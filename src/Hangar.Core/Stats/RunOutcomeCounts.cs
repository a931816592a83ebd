namespace Hangar.Core.Stats;

/// <summary>Ended runs by outcome.</summary>
public sealed record RunOutcomeCounts(long Completed, long Unresolved, long Stopped, long FailedToStart)
{
    public static readonly RunOutcomeCounts Zero = new(0, 0, 0, 0);

    public long Total => Completed + Unresolved + Stopped + FailedToStart;

    public RunOutcomeCounts Add(RunOutcomeCounts other) =>
        new(Completed + other.Completed, Unresolved + other.Unresolved, Stopped + other.Stopped, FailedToStart + other.FailedToStart);
}
