using System.Xml.Linq;
using Hangar.Server.Ui.Charts;

namespace Hangar.Server.Tests;

/// <summary>The per-process sparkline of daily durations: a named image, gaps where a day has no runs.</summary>
public class SparklineTests
{
    [Fact]
    public void DaysWithoutAValue_BreakTheLine_AndALoneValueIsADot()
    {
        var svg = Parse(Sparkline.Render([100, 200, null, 300, 250, null, 50], "Daily median").Value!);

        var path = svg.Element("path")!.Attribute("d")!.Value;
        Assert.Equal(2, path.Count(c => c == 'M'));
        Assert.Equal(2, path.Count(c => c == 'L'));
        Assert.Single(svg.Elements("circle"));
    }

    [Fact]
    public void TheImage_IsNamedByItsEncodedLabel()
    {
        var markup = Sparkline.Render([1, 2], "p50 of <b>Invoices</b> & co").Value!;

        Assert.DoesNotContain("<b>", markup, StringComparison.Ordinal);
        var svg = Parse(markup);
        Assert.Equal("img", svg.Attribute("role")!.Value);
        Assert.Equal("p50 of <b>Invoices</b> & co", svg.Attribute("aria-label")!.Value);
    }

    [Fact]
    public void NoValues_DrawNothing_AndEqualValuesAFlatLine()
    {
        Assert.Empty(Parse(Sparkline.Render([null, null], "none").Value!).Elements());
        var flat = Parse(Sparkline.Render([5, 5, 5], "flat").Value!).Element("path")!.Attribute("d")!.Value;
        Assert.Single(flat.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim().Split(' ')[1]).Distinct());
    }

    private static XElement Parse(string markup) => XElement.Parse(markup);
}
