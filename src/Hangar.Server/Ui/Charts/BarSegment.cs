namespace Hangar.Server.Ui.Charts;

/// <summary>One series' share of a bar; a link when <paramref name="Href"/> is given.</summary>
public sealed record BarSegment(string SeriesKey, long Value, string? Href = null);
