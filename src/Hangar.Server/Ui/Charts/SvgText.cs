using System.Globalization;
using System.Text.Encodings.Web;

namespace Hangar.Server.Ui.Charts;

/// <summary>How the charts write text and numbers into markup: every label HTML-encoded, every number invariant.</summary>
internal static class SvgText
{
    public static string Encode(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>A coordinate with at most one decimal ("12.5", never "12,5" whatever the culture).</summary>
    public static string Num(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
