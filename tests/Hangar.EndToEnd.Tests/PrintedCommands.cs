using System.Net;
using System.Text.RegularExpressions;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Every <c>hangar serve|admin|worker|login|logout|robot|process|run|runs|artifacts|work-items|keys|secrets ...</c> command the project prints for people to run: in the docs (code spans and
/// code blocks), in the web UI's pages (<c>&lt;code&gt;</c>), and in the strings of the code (console and log messages,
/// API summaries). Comments are not printed, so they are not read.
/// </summary>
internal static partial class PrintedCommands
{
    /// <summary>One printed command: where it is, and its words with placeholders and optional brackets resolved.</summary>
    public sealed record Command(string Source, string Text, IReadOnlyList<string> Words);

    public static IReadOnlyList<Command> Collect(string root)
    {
        var found = new List<Command>();
        foreach (var file in Files(root, "*.md"))
        {
            foreach (var text in MarkdownCode(File.ReadAllText(file)))
            {
                Add(found, root, file, text);
            }
        }

        foreach (var file in Files(Path.Combine(root, "src"), "*.cshtml"))
        {
            foreach (Match code in HtmlCode().Matches(File.ReadAllText(file)))
            {
                Add(found, root, file, WebUtility.HtmlDecode(code.Groups[1].Value));
            }
        }

        foreach (var file in Files(Path.Combine(root, "src"), "*.cs"))
        {
            var code = string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            foreach (Match literal in StringLiteral().Matches(code))
            {
                Add(found, root, file, literal.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", " ", StringComparison.Ordinal));
            }
        }

        return found;
    }

    private static IEnumerable<string> Files(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}.tools{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}artifacts{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>The code of a Markdown file: each code span, and each line of a code block (a trailing <c>\</c> joins the next).</summary>
    private static IEnumerable<string> MarkdownCode(string markdown)
    {
        var inBlock = false;
        var pending = "";
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock)
            {
                var joined = pending + line.TrimEnd();
                if (joined.EndsWith('\\'))
                {
                    pending = joined[..^1] + " ";
                    continue;
                }

                pending = "";
                yield return joined;
                continue;
            }

            foreach (Match span in CodeSpan().Matches(line))
            {
                yield return span.Groups[1].Value;
            }
        }
    }

    private static void Add(List<Command> found, string root, string file, string text)
    {
        foreach (Match command in CommandText().Matches(text))
        {
            var value = command.Value.Trim();
            // A shell line goes on after the command with a comment, another command or a pipe.
            foreach (var end in new[] { " #", " && ", " | ", ";", " (" })
            {
                var at = value.IndexOf(end, StringComparison.Ordinal);
                value = at < 0 ? value : value[..at];
            }

            value = value.TrimEnd('.', ',', ')', ' ');
            // A hint the code formats for this machine is a string argument, @Hangar.Format("hangar ..."): a closing quote
            // without its opening one ends that string, not the command.
            if (value.Count(c => c == '"') % 2 == 1)
            {
                value = value.TrimEnd('"').TrimEnd('.', ',', ')', ' ');
            }
            found.Add(new Command(Path.GetRelativePath(root, file), value, Words(value)));
        }
    }

    /// <summary>
    /// The command's words as a shell splits them, after dropping "[" "]" of optional parts (what they hold is checked
    /// too), taking the first of "a|b" alternatives and dropping "..." that stands for more of the same.
    /// </summary>
    private static List<string> Words(string command)
    {
        var words = new List<string>();
        foreach (Match word in ShellWord().Matches(command.Replace("[", " ", StringComparison.Ordinal).Replace("]", " ", StringComparison.Ordinal)))
        {
            var value = word.Value.Trim('"', '\'');
            if (value is "..." or "\\")
            {
                continue;
            }

            if (!value.StartsWith('-') && value.Contains('|', StringComparison.Ordinal) && !value.StartsWith('<'))
            {
                value = value.Split('|')[0];
            }

            words.Add(value);
        }

        return words;
    }

    [GeneratedRegex(@"\bhangar (?:serve|admin|worker|login|logout|robot|process|run|runs|artifacts|work-items|keys|secrets)(?![\w:-])[^`'\n]*")]
    private static partial Regex CommandText();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"<code>(.*?)</code>", RegexOptions.Singleline)]
    private static partial Regex HtmlCode();

    [GeneratedRegex(@"""((?:[^""\\\n]|\\.)*)""")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"""[^""]*""|'[^']*'|<[^<>]*>|\S+")]
    private static partial Regex ShellWord();
}
