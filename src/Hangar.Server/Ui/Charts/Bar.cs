namespace Hangar.Server.Ui.Charts;

/// <summary>
/// One stacked bar: its full label (read out with each segment, e.g. "2026-11-24"), the short label under it on the
/// axis (e.g. "24"), and its segments bottom up.
/// </summary>
public sealed record Bar(string Label, string AxisLabel, IReadOnlyList<BarSegment> Segments)
{
    public long Total => Segments.Sum(s => s.Value);
}
