using System.Numerics;

namespace Hangar.Bench;

/// <summary>
/// A fixed-size, HdrHistogram-like latency histogram in nanoseconds: values below 256 ns get one bucket each, above
/// that every power of two is split into 128 equal buckets, so a recorded value is off by at most 1/128 of itself
/// (reported values are bucket midpoints, within ±0.4 %). Recording never allocates; one instance per worker, merged
/// at the end.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 8;
    private const int SubBucketCount = 1 << SubBucketBits; // 256
    private const int HalfCount = SubBucketCount / 2; // 128
    private const int MaxExponent = 40; // 2^40 ns ≈ 18 minutes: far beyond any request timeout.
    private const int BucketCount = SubBucketCount + (MaxExponent - SubBucketBits + 1) * HalfCount;

    private readonly long[] _counts = new long[BucketCount];

    public long Count { get; private set; }

    public double SumNanoseconds { get; private set; }

    public long MaxNanoseconds { get; private set; }

    public void Record(long nanoseconds)
    {
        if (nanoseconds < 0)
        {
            nanoseconds = 0;
        }

        _counts[IndexOf(nanoseconds)]++;
        Count++;
        SumNanoseconds += nanoseconds;
        if (nanoseconds > MaxNanoseconds)
        {
            MaxNanoseconds = nanoseconds;
        }
    }

    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumNanoseconds += other.SumNanoseconds;
        MaxNanoseconds = Math.Max(MaxNanoseconds, other.MaxNanoseconds);
    }

    public double MeanNanoseconds => Count == 0 ? double.NaN : SumNanoseconds / Count;

    /// <summary>The value at <paramref name="percentile"/> (0–100), as the midpoint of its bucket.</summary>
    public double Percentile(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var (low, high) = RangeOf(i);
                return Math.Min((low + high) / 2.0, MaxNanoseconds);
            }
        }

        return MaxNanoseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < SubBucketCount)
        {
            return (int)value;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        if (msb > MaxExponent)
        {
            return BucketCount - 1;
        }

        var shift = msb - (SubBucketBits - 1);
        var mantissa = (int)(value >> shift); // in [HalfCount, SubBucketCount)
        return SubBucketCount + (shift - 1) * HalfCount + (mantissa - HalfCount);
    }

    private static (double Low, double High) RangeOf(int index)
    {
        if (index < SubBucketCount)
        {
            return (index, index);
        }

        var k = index - SubBucketCount;
        var shift = k / HalfCount + 1;
        var mantissa = (long)(k % HalfCount + HalfCount);
        return (mantissa << shift, ((mantissa + 1) << shift) - 1);
    }
}
