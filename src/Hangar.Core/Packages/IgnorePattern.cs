using System.Text;
using System.Text.RegularExpressions;

namespace Hangar.Core.Packages;

/// <summary>
/// One line of a robot's ignore file, matched as rcc matches it: against the name of each file or folder (never its
/// path), equal to the line or matching it as a glob (<c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[^a]</c>, <c>\</c> to escape,
/// as Go's <c>filepath.Match</c>); a folder also matches as its name with a trailing '/', so <c>output/</c> leaves out
/// folders named output but not files. A malformed glob matches only its exact text.
/// </summary>
public sealed class IgnorePattern
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _glob;

    public IgnorePattern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        _glob = Translate(text) is { } regex ? new Regex(regex, RegexOptions.CultureInvariant, MatchTimeout) : null;
    }

    public string Text { get; }

    public bool Matches(string name, bool isFolder) =>
        name == Text || (_glob is not null && (_glob.IsMatch(name) || (isFolder && _glob.IsMatch(name + "/"))));

    /// <summary>The lines of an ignore file that are patterns: trimmed, not empty, not a '#' comment.</summary>
    public static IReadOnlyList<IgnorePattern> ParseFile(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => new IgnorePattern(l)).ToList();
    }

    /// <summary>The glob as an anchored regular expression, or null when it is malformed (where Go's match reports an error).</summary>
    private static string? Translate(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    if (++i == glob.Length)
                    {
                        return null;
                    }

                    regex.Append(Regex.Escape(glob[i].ToString()));
                    break;
                case '[':
                    var end = TranslateClass(glob, i + 1, regex);
                    if (end < 0)
                    {
                        return null;
                    }

                    i = end;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    /// <summary>Appends the class that starts at <paramref name="start"/> (after '['); returns the index of its ']', or -1 when malformed.</summary>
    private static int TranslateClass(string glob, int start, StringBuilder regex)
    {
        var i = start;
        var negated = i < glob.Length && glob[i] == '^';
        if (negated)
        {
            i++;
        }

        var ranges = new StringBuilder();
        var first = true;
        while (true)
        {
            if (i >= glob.Length)
            {
                return -1;
            }

            if (glob[i] == ']' && !first)
            {
                break;
            }

            first = false;
            if (!TryClassChar(glob, ref i, out var low))
            {
                return -1;
            }

            var high = low;
            if (i < glob.Length && glob[i] == '-')
            {
                i++;
                if (!TryClassChar(glob, ref i, out high) || high < low)
                {
                    return -1;
                }
            }

            ranges.Append(EscapeInClass(low)).Append('-').Append(EscapeInClass(high));
        }

        regex.Append(negated ? "[^" : "[").Append(ranges).Append(']');
        return i;
    }

    /// <summary>One character of a class (escaped with '\' or not); false at the end of the glob or at a bare ']', '-' or end.</summary>
    private static bool TryClassChar(string glob, ref int i, out char value)
    {
        value = '\0';
        if (i >= glob.Length || glob[i] is '-' or ']')
        {
            return false;
        }

        if (glob[i] == '\\')
        {
            i++;
            if (i >= glob.Length)
            {
                return false;
            }
        }

        value = glob[i++];
        return true;
    }

    private static string EscapeInClass(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();
}
