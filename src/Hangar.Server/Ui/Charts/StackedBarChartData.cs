namespace Hangar.Server.Ui.Charts;

/// <summary>What a stacked bar chart shows: the series (bottom up, in legend order) and the bars, left to right.</summary>
public sealed record StackedBarChartData(IReadOnlyList<ChartSeries> Series, IReadOnlyList<Bar> Bars);
