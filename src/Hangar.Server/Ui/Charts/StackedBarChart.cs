using System.Text;
using Microsoft.AspNetCore.Html;
using static Hangar.Server.Ui.Charts.SvgText;

namespace Hangar.Server.Ui.Charts;

/// <summary>
/// Draws stacked bars as SVG on the server: no script, no request to another host, and the same picture for everyone.
/// Each segment that has a link is a focusable link named with its bar and series ("2026-11-24: 3 unresolved"); the
/// axes are hidden from screen readers, which read the data table the page pairs with the chart instead.
/// </summary>
public static class StackedBarChart
{
    public const int Width = 720;
    public const int Height = 220;
    private const int Left = 44;
    private const int Right = 8;
    private const int Top = 10;
    private const int Bottom = 24;

    /// <summary>Labels under the bars: at most this many, so that 30 days stay readable.</summary>
    private const int MaxAxisLabels = 16;

    /// <summary>
    /// The chart as an <c>&lt;svg&gt;</c> named by the element <paramref name="labelledBy"/> and described by
    /// <paramref name="describedBy"/> (the data table), followed by its legend.
    /// </summary>
    public static HtmlString Render(StackedBarChartData data, string labelledBy, string describedBy)
    {
        ArgumentNullException.ThrowIfNull(data);
        var series = data.Series.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var top = AxisTop(data.Bars.Count == 0 ? 0 : data.Bars.Max(b => b.Total));
        const double plotWidth = Width - Left - Right;
        const double plotHeight = Height - Top - Bottom;
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart chart-bars\" viewBox=\"0 0 {Width} {Height}\" role=\"group\" aria-labelledby=\"{Encode(labelledBy)}\" aria-describedby=\"{Encode(describedBy)}\">");

        svg.Append("<g class=\"chart-axis\" aria-hidden=\"true\">");
        foreach (var tick in Ticks(top))
        {
            var y = Top + plotHeight - (tick * plotHeight / top);
            svg.Append($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Num(y)}\" y2=\"{Num(y)}\"/>");
            svg.Append($"<text x=\"{Left - 6}\" y=\"{Num(y + 4)}\" text-anchor=\"end\">{UiFormat.Count(tick)}</text>");
        }

        svg.Append("</g>");

        var slot = data.Bars.Count == 0 ? plotWidth : plotWidth / data.Bars.Count;
        var barWidth = Math.Max(1, slot * 0.7);
        var labelEvery = (int)Math.Ceiling(data.Bars.Count / (double)MaxAxisLabels);
        for (var i = 0; i < data.Bars.Count; i++)
        {
            var bar = data.Bars[i];
            var x = Left + (i * slot) + ((slot - barWidth) / 2);
            var bottom = Top + plotHeight;
            svg.Append("<g class=\"chart-bar\">");
            foreach (var segment in bar.Segments.Where(s => s.Value > 0))
            {
                var height = Math.Max(1, segment.Value * plotHeight / top);
                var name = $"{bar.Label}: {UiFormat.Count(segment.Value)} {(series.TryGetValue(segment.SeriesKey, out var s) ? s.Label : segment.SeriesKey)}";
                var rect = $"<rect class=\"chart-{Encode(segment.SeriesKey)}\" x=\"{Num(x)}\" y=\"{Num(bottom - height)}\" width=\"{Num(barWidth)}\" height=\"{Num(height)}\"/>";
                svg.Append(segment.Href is { } href
                    ? $"<a href=\"{Encode(href)}\" aria-label=\"{Encode(name)}\"><title>{Encode(name)}</title>{rect}</a>"
                    : $"<g role=\"img\" aria-label=\"{Encode(name)}\"><title>{Encode(name)}</title>{rect}</g>");
                bottom -= height;
            }

            svg.Append("</g>");
            if (i % labelEvery == 0)
            {
                svg.Append($"<text class=\"chart-label\" aria-hidden=\"true\" x=\"{Num(Left + (i * slot) + (slot / 2))}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Encode(bar.AxisLabel)}</text>");
            }
        }

        svg.Append("</svg>");
        svg.Append("<ul class=\"chart-legend\">");
        foreach (var s in data.Series)
        {
            svg.Append($"<li><span class=\"chart-swatch chart-{Encode(s.Key)}\" aria-hidden=\"true\"></span>{Encode(s.Label)}</li>");
        }

        svg.Append("</ul>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>The top of the value axis: the tallest bar rounded up to a step of 1, 2 or 5 times a power of ten.</summary>
    public static long AxisTop(long max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var step = Step(max);
        return (max + step - 1) / step * step;
    }

    /// <summary>The values where the axis has a line and a number: 0 up to <paramref name="top"/>, at most six of them.</summary>
    public static IReadOnlyList<long> Ticks(long top)
    {
        var step = Step(top);
        var ticks = new List<long>();
        for (long t = 0; t <= top; t += step)
        {
            ticks.Add(t);
        }

        return ticks;
    }

    private static long Step(long max)
    {
        long power = 1;
        while (true)
        {
            foreach (var factor in new long[] { 1, 2, 5 })
            {
                var step = factor * power;
                if (max <= step * 5)
                {
                    return step;
                }
            }

            power *= 10;
        }
    }
}
