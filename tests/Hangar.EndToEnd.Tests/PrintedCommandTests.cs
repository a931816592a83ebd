using System.Text.RegularExpressions;
using Hangar.TestSupport;
using Xunit.Abstractions;

namespace Hangar.EndToEnd.Tests;

/// <summary>
/// Every command the docs, the web UI and the program's own messages tell people to run is one the real <c>hangar</c>
/// takes: run with <c>--help</c> it answers with its help, and the options, arguments and required options it is printed
/// with are those that help lists.
/// </summary>
public sealed partial class PrintedCommandTests(ITestOutputHelper output)
{
    [Fact]
    public void PrintedCommands_AreFoundInTheDocsTheUiAndTheMessages()
    {
        var commands = PrintedCommands.Collect(ExampleRobots.RepositoryRoot);
        var sources = commands.Select(c => c.Source).ToHashSet();

        // Each kind of place holds some: a change of format that hides them all would make the next test vacuous.
        Assert.Contains(sources, s => s.EndsWith(".md", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.EndsWith(".cshtml", StringComparison.Ordinal));
        Assert.Contains(sources, s => s.EndsWith(".cs", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Text == "hangar admin reset-password --user admin" && c.Source.EndsWith("Login.cshtml", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.Text.StartsWith("hangar admin create-api-key ", StringComparison.Ordinal) && c.Source == Path.Combine("docs", "operations.md"));
    }

    [Fact]
    public async Task EveryPrintedCommand_RunsWithHelp_AndUsesOnlyWhatItsHelpLists()
    {
        var commands = PrintedCommands.Collect(ExampleRobots.RepositoryRoot);
        var helps = new Dictionary<string, Help>(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (var line in commands.GroupBy(c => string.Join(' ', c.Words)))
        {
            var command = line.First();
            var where = string.Join(", ", line.Select(c => c.Source).Distinct());
            var (code, text) = await HangarProcess.RunAsync([.. command.Words.Skip(1), "--help"]);
            if (code != 0)
            {
                wrong.Add($"{command.Text} ({where}): '--help' exits {code}: {text}");
                continue;
            }

            var problem = await CheckAsync(command.Words, helps);
            if (problem is not null)
            {
                wrong.Add($"{command.Text} ({where}): {problem}");
            }
        }

        output.WriteLine($"{commands.Count} printed commands, {commands.Select(c => string.Join(' ', c.Words)).Distinct().Count()} distinct.");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>What is wrong with the words as the help of their command describes it, or null.</summary>
    private static async Task<string?> CheckAsync(IReadOnlyList<string> words, Dictionary<string, Help> helps)
    {
        // The command's path: "hangar", then subcommands as long as the help lists them.
        var path = new List<string> { "hangar" };
        var help = await HelpAsync(path, helps);
        var i = 1;
        while (i < words.Count && help.Commands.Contains(words[i]))
        {
            path.Add(words[i++]);
            help = await HelpAsync(path, helps);
        }

        if (help.Commands.Count > 0 && i == words.Count)
        {
            return null; // A group named as such ("hangar admin"): its help lists what it holds.
        }

        var arguments = 0;
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (; i < words.Count; i++)
        {
            var word = words[i];
            if (!word.StartsWith('-'))
            {
                arguments++;
                continue;
            }

            var name = word.Split('=')[0];
            if (!help.Options.TryGetValue(name, out var takesValue))
            {
                return $"'{string.Join(' ', path)}' has no option {name}";
            }

            given.Add(name);
            if (takesValue && !word.Contains('=', StringComparison.Ordinal))
            {
                // Printed without its value, the option would take the next word (or "--help") as its value.
                if (i + 1 == words.Count || words[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return $"option {name} of '{string.Join(' ', path)}' is printed without its value";
                }

                i++;
            }
        }

        if (arguments > help.Arguments)
        {
            return $"'{string.Join(' ', path)}' takes {help.Arguments} argument(s), not {arguments}";
        }

        // A command printed with anything after its name is meant to run as printed: it carries what is required.
        var missing = help.Required.Where(r => !given.Contains(r)).ToList();
        if (words.Count > path.Count && missing.Count > 0)
        {
            return $"'{string.Join(' ', path)}' needs {string.Join(", ", missing)}";
        }

        return null;
    }

    private static async Task<Help> HelpAsync(List<string> path, Dictionary<string, Help> helps)
    {
        var key = string.Join(' ', path);
        if (!helps.TryGetValue(key, out var help))
        {
            var (code, text) = await HangarProcess.RunAsync([.. path.Skip(1), "--help"]);
            Assert.True(code == 0, $"{key} --help: {text}");
            helps[key] = help = Help.Parse(text);
        }

        return help;
    }

    /// <summary>What System.CommandLine's help text lists: subcommands, options (and whether they take a value or are required), arguments.</summary>
    private sealed partial record Help(HashSet<string> Commands, Dictionary<string, bool> Options, HashSet<string> Required, int Arguments)
    {
        public static Help Parse(string text)
        {
            var commands = new HashSet<string>(StringComparer.Ordinal);
            var options = new Dictionary<string, bool>(StringComparer.Ordinal);
            var required = new HashSet<string>(StringComparer.Ordinal);
            var arguments = 0;
            var section = "";
            var variadic = false;
            foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
            {
                // Usage shows an argument that takes several values as "<name>...".
                variadic |= section == "Usage" && line.Contains(">...", StringComparison.Ordinal);
                if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
                {
                    section = line.TrimEnd(':');
                    continue;
                }

                var entry = Entry().Match(line);
                if (!entry.Success)
                {
                    continue;
                }

                var head = entry.Groups[1].Value;
                switch (section)
                {
                    case "Commands":
                        commands.Add(head.Split(' ')[0]);
                        break;
                    case "Arguments":
                        arguments++;
                        break;
                    case "Options":
                        var takesValue = head.Contains('<', StringComparison.Ordinal);
                        foreach (var alias in Alias().Matches(head.Split('<')[0]).Select(m => m.Value))
                        {
                            options[alias] = takesValue;
                            if (head.Contains("(REQUIRED)", StringComparison.Ordinal))
                            {
                                required.Add(alias);
                            }
                        }

                        break;
                }
            }

            return new Help(commands, options, required, variadic ? int.MaxValue : arguments);
        }

        /// <summary>An entry of a section: two spaces, then its name and value as help prints them, then two or more spaces.</summary>
        [GeneratedRegex(@"^  (\S.*?)(?:\s{2,}|$)")]
        private static partial Regex Entry();

        [GeneratedRegex(@"(?<![\w-])--?[\w?][\w-]*")]
        private static partial Regex Alias();
    }
}
