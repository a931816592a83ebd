using System.Text;
using Microsoft.AspNetCore.Html;
using static Hangar.Server.Ui.Charts.SvgText;

namespace Hangar.Server.Ui.Charts;

/// <summary>
/// A small line of values over days, as SVG: a gap where a day has no value, a dot for a value alone. It is an image
/// named by <c>aria-label</c>; the numbers themselves are in the table beside it.
/// </summary>
public static class Sparkline
{
    public const int Width = 120;
    public const int Height = 28;
    private const double Pad = 3;

    public static HtmlString Render(IReadOnlyList<long?> values, string label)
    {
        ArgumentNullException.ThrowIfNull(values);
        var svg = new StringBuilder();
        svg.Append($"<svg class=\"chart sparkline\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Encode(label)}\">");
        var known = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        if (known.Count > 0)
        {
            var min = known.Min();
            var max = known.Max();
            var xStep = values.Count > 1 ? (Width - (2 * Pad)) / (values.Count - 1) : 0;
            double X(int i) => values.Count > 1 ? Pad + (i * xStep) : Width / 2.0;
            double Y(long v) => max == min ? Height / 2.0 : Height - Pad - ((v - min) * (Height - (2 * Pad)) / (max - min));

            var path = new StringBuilder();
            var dots = new StringBuilder();
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i] is not { } v)
                {
                    continue;
                }

                var joined = i > 0 && values[i - 1] is not null;
                var alone = !joined && (i + 1 >= values.Count || values[i + 1] is null);
                if (alone)
                {
                    dots.Append($"<circle cx=\"{Num(X(i))}\" cy=\"{Num(Y(v))}\" r=\"1.8\"/>");
                }
                else
                {
                    path.Append(joined ? " L" : (path.Length > 0 ? " M" : "M")).Append(Num(X(i))).Append(' ').Append(Num(Y(v)));
                }
            }

            if (path.Length > 0)
            {
                svg.Append($"<path d=\"{path}\"/>");
            }

            svg.Append(dots);
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
