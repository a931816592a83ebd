using System.Globalization;

namespace Hangar.Bench;

/// <summary>
/// The machine around one part of a benchmark: the 1-minute load average before it, and who used the CPU during it
/// (<see cref="MachineShares"/>): the processes the harness started, PostgreSQL, and everything else.
/// </summary>
internal sealed record PartConditions(string LoadBefore, MachineSample? During)
{
    /// <summary>Starts watching; the function answers the conditions from then until it is called.</summary>
    public static Func<PartConditions> Begin()
    {
        var load = RunsBenchmark.LoadAverage();
        var start = MachineShares.Sample();
        return () => new PartConditions(load, MachineShares.Sample() is { } end && start is { } s ? end - s : null);
    }

    public string OtherShare => Share(During?.OtherShare);

    public string PostgresShare => Share(During?.PostgresShare);

    public string OursShare => Share(During?.OursShare);

    private static string Share(double? share) => share is { } s && !double.IsNaN(s) ? (s * 100).ToString("0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
