namespace Hangar.Core.Stats;

/// <summary>
/// The fixed, log-scale bins of the run duration histogram. Bin 0 holds runs under 100 ms; bin i (1..90) holds
/// [<see cref="Upper"/>[i-1], <see cref="Upper"/>[i]) where the bounds grow by 2^(1/4) (19 %) from 100 ms to about
/// 7 days; the last bin holds everything longer. A percentile is reported as the geometric middle of the bin it falls
/// in, so it is within about 9 % of the exact value (runs under 100 ms read as 50 ms, runs over 7 days as 7 days).
/// The storage layer computes a run's bin in SQL from the same bounds, so the two never disagree.
/// </summary>
public static class DurationBins
{
    /// <summary>Exclusive upper bounds in milliseconds of bins 0..90.</summary>
    public static readonly IReadOnlyList<long> Upper = Enumerable.Range(0, 91).Select(i => (long)Math.Round(100 * Math.Pow(2, i / 4.0))).ToArray();

    /// <summary>How many bins there are (the last one is open-ended).</summary>
    public static int Count => Upper.Count + 1;

    public static int BinOf(long durationMs)
    {
        for (var i = 0; i < Upper.Count; i++)
        {
            if (durationMs < Upper[i])
            {
                return i;
            }
        }

        return Upper.Count;
    }

    /// <summary>The value a percentile falling in <paramref name="bin"/> reports.</summary>
    public static long Representative(int bin) => bin switch
    {
        0 => Upper[0] / 2,
        _ when bin >= Upper.Count => Upper[^1],
        _ => (long)Math.Round(Math.Sqrt((double)Upper[bin - 1] * Upper[bin])),
    };

    /// <summary>The <paramref name="fraction"/> percentile (0.5 for p50) of a histogram; null when it is empty.</summary>
    public static long? Percentile(IReadOnlyDictionary<int, long> countsByBin, double fraction)
    {
        ArgumentNullException.ThrowIfNull(countsByBin);
        var total = countsByBin.Values.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(fraction * total));
        long seen = 0;
        foreach (var (bin, count) in countsByBin.OrderBy(p => p.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return Representative(bin);
            }
        }

        return Representative(countsByBin.Keys.Max());
    }
}
