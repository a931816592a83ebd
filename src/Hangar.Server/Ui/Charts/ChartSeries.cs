namespace Hangar.Server.Ui.Charts;

/// <summary>One series of a chart: its key (which names its CSS class, <c>chart-{Key}</c>, and so its colour) and its label.</summary>
public sealed record ChartSeries(string Key, string Label);
