using System.Globalization;
using System.Xml.Linq;
using Hangar.Server.Ui.Charts;

namespace Hangar.Server.Tests;

/// <summary>The dashboard's bar chart: markup from data alone, every label encoded, bars in proportion, segments as links.</summary>
public class StackedBarChartTests
{
    private static readonly ChartSeries[] Series = [new("completed", "completed"), new("unresolved", "unresolved")];

    [Fact]
    public void Segments_AreStackedInProportion_AndZeroSegmentsAreLeftOut()
    {
        var data = new StackedBarChartData(Series,
        [
            new Bar("2026-12-01", "1", [new BarSegment("completed", 6), new BarSegment("unresolved", 2)]),
            new Bar("2026-12-02", "2", [new BarSegment("completed", 4), new BarSegment("unresolved", 0)]),
        ]);

        var svg = Parse(StackedBarChart.Render(data, "chart-title", "chart-table").Value!);

        var rects = svg.Descendants("rect").ToList();
        Assert.Equal(3, rects.Count);
        var (first, second, third) = (rects[0], rects[1], rects[2]);
        Assert.Equal("chart-completed", first.Attribute("class")!.Value);
        Assert.Equal("chart-unresolved", second.Attribute("class")!.Value);
        Assert.Equal(3 * Height(second), Height(first), 1);
        Assert.Equal(2 * Height(second), Height(third), 1);
        // Stacked: the unresolved segment sits on top of the completed one.
        Assert.Equal(Y(first), Y(second) + Height(second), 1);
        // Axis 0..8 in steps of 2: the tallest bar fills the plot.
        Assert.Equal(8, StackedBarChart.AxisTop(8));
        Assert.Equal(StackedBarChart.Height - 10 - 24, Height(first) + Height(second), 1);
    }

    [Fact]
    public void Segments_WithALink_AreLinksNamedByTheirBarAndSeries()
    {
        var data = new StackedBarChartData(Series,
            [new Bar("2026-12-01", "1", [new BarSegment("completed", 1234, "/workspaces/w/runs?state=completed&from=2026-12-01")])]);

        var markup = StackedBarChart.Render(data, "chart-title", "chart-table").Value!;
        var link = Parse(markup).Descendants("a").Single();

        Assert.Equal("/workspaces/w/runs?state=completed&from=2026-12-01", link.Attribute("href")!.Value);
        Assert.Contains("&amp;from=", markup, StringComparison.Ordinal);
        Assert.Equal("2026-12-01: 1,234 completed", link.Attribute("aria-label")!.Value);
        Assert.Equal("2026-12-01: 1,234 completed", link.Element("title")!.Value);
    }

    [Fact]
    public void Labels_AreHtmlEncoded()
    {
        var hostile = "<script>alert('x')</script>";
        var data = new StackedBarChartData([new ChartSeries("completed", hostile)],
            [new Bar(hostile, hostile, [new BarSegment("completed", 1, "/x?\"onmouseover=\"alert(1)")])]);

        var markup = StackedBarChart.Render(data, "t\"", "d").Value!;

        Assert.DoesNotContain("<script>", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("\"onmouseover", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("t\"", markup, StringComparison.Ordinal);
        var root = Parse(markup);
        Assert.Equal(hostile, root.Descendants("li").Single().Value);
        Assert.Equal($"{hostile}: 1 {hostile}", root.Descendants("a").Single().Attribute("aria-label")!.Value);
    }

    [Fact]
    public void TheChart_IsNamedAndDescribed_AndItsAxesAreHiddenFromScreenReaders()
    {
        var data = new StackedBarChartData(Series, [new Bar("2026-12-01", "1", [new BarSegment("completed", 3)])]);

        var svg = Parse(StackedBarChart.Render(data, "runs-title", "runs-table").Value!).Element("svg")!;

        Assert.Equal("runs-title", svg.Attribute("aria-labelledby")!.Value);
        Assert.Equal("runs-table", svg.Attribute("aria-describedby")!.Value);
        Assert.All(svg.Elements("g").Where(g => g.Attribute("class")?.Value == "chart-axis"), g => Assert.Equal("true", g.Attribute("aria-hidden")!.Value));
        Assert.Equal("2026-12-01: 3 completed", svg.Descendants("g").Single(g => g.Attribute("role")?.Value == "img").Attribute("aria-label")!.Value);
    }

    [Fact]
    public void AnEmptyPeriod_DrawsAnAxisAndNoBars()
    {
        var bars = Enumerable.Range(1, 30).Select(d => new Bar($"2026-11-{d:00}", d.ToString(CultureInfo.InvariantCulture), [])).ToList();

        var root = Parse(StackedBarChart.Render(new StackedBarChartData(Series, bars), "t", "d").Value!);

        Assert.Empty(root.Descendants("rect"));
        // 30 days: every second day is labelled, so that the labels do not overlap.
        Assert.Equal(15, root.Descendants("text").Count(t => t.Attribute("class")?.Value == "chart-label"));
    }

    [Theory]
    [InlineData(0, 1, new long[] { 0, 1 })]
    [InlineData(3, 3, new long[] { 0, 1, 2, 3 })]
    [InlineData(11, 15, new long[] { 0, 5, 10, 15 })]
    [InlineData(26, 30, new long[] { 0, 10, 20, 30 })]
    [InlineData(999, 1000, new long[] { 0, 200, 400, 600, 800, 1000 })]
    public void TheAxis_EndsOnARoundNumber(long max, long top, long[] ticks)
    {
        Assert.Equal(top, StackedBarChart.AxisTop(max));
        Assert.Equal(ticks, StackedBarChart.Ticks(top));
    }

    private static XElement Parse(string markup) => XElement.Parse($"<root>{markup}</root>");

    private static double Height(XElement rect) => double.Parse(rect.Attribute("height")!.Value, CultureInfo.InvariantCulture);

    private static double Y(XElement rect) => double.Parse(rect.Attribute("y")!.Value, CultureInfo.InvariantCulture);
}
