using Hangar.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Hangar.Core.Packages;

/// <summary>
/// Reads the tasks of a <c>robot.yaml</c> (rcc's format): <c>tasks</c> maps each task name to exactly one of
/// <c>shell</c> (a command line), <c>command</c> (a list: program and arguments) or <c>robotTaskName</c> (a Robot
/// Framework task). Everything else in the file is the runner's business and is not checked here.
/// </summary>
public static class RobotYaml
{
    /// <summary>Nesting deeper than this is refused before the tree is built, whose loader recurses once per level.</summary>
    public const int MaxDepth = 64;

    public const int MaxTaskNameLength = 200;

    /// <summary>All task names together, one per line, must fit the version's task column.</summary>
    public const int MaxTaskNamesLength = 20_000;

    private static readonly string[] TaskKinds = ["shell", "command", "robotTaskName"];

    /// <summary>The task names in file order; a 400 refusal saying what is wrong otherwise.</summary>
    public static IReadOnlyList<string> ReadTasks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = Load(text);
        if (!root.Children.TryGetValue(new YamlScalarNode("tasks"), out var tasksNode))
        {
            throw Invalid("robot.yaml has no 'tasks': it must map task names to what they run.");
        }

        if (tasksNode is not YamlMappingNode tasks || tasks.Children.Count == 0)
        {
            throw Invalid("'tasks' in robot.yaml must be a non-empty map of task names to tasks.");
        }

        var names = new List<string>(tasks.Children.Count);
        foreach (var (keyNode, definition) in tasks.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(name) || name.Length > MaxTaskNameLength || name.Any(char.IsControl))
            {
                throw InvalidTask($"Task names in robot.yaml must be text of 1 to {MaxTaskNameLength} characters on one line.");
            }

            CheckTask(name, definition);
            names.Add(name);
        }

        if (names.Sum(n => n.Length + 1) > MaxTaskNamesLength)
        {
            throw Invalid($"robot.yaml declares too many tasks (their names may total at most {MaxTaskNamesLength} characters).");
        }

        return names;
    }

    /// <summary>
    /// The files robot.yaml's <c>ignoreFiles</c> names (paths relative to the robot's folder, each holding patterns of
    /// what to leave out of the robot's zip), in file order; none when it names none.
    /// </summary>
    public static IReadOnlyList<string> ReadIgnoreFiles(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = Load(text);
        if (!root.Children.TryGetValue(new YamlScalarNode("ignoreFiles"), out var node) || node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return [];
        }

        if (node is not YamlSequenceNode list || !list.Children.All(IsText))
        {
            throw Invalid("'ignoreFiles' in robot.yaml must be a list of file names, such as [.gitignore].");
        }

        return list.Children.Cast<YamlScalarNode>().Select(s => s.Value!.Trim()).ToList();
    }

    private static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            CheckDepth(text);
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw Invalid($"robot.yaml is not valid YAML: {Clip(ex.Message)}");
        }

        if (stream.Documents.Count != 1)
        {
            throw Invalid("robot.yaml must hold exactly one YAML document.");
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw Invalid("robot.yaml must be a map of settings such as 'tasks'.");
    }

    /// <summary>A pass over the parser's events, which needs no recursion, to bound the nesting the tree loader will meet.</summary>
    private static void CheckDepth(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case MappingStart or SequenceStart when ++depth > MaxDepth:
                    throw Invalid($"robot.yaml nests deeper than {MaxDepth} levels.");
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }
        }
    }

    private static void CheckTask(string name, YamlNode definition)
    {
        if (definition is not YamlMappingNode map)
        {
            throw InvalidTask($"Task '{name}' must be a map with one of 'shell', 'command' or 'robotTaskName'.");
        }

        var kinds = map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).Where(k => TaskKinds.Contains(k)).ToList();
        if (kinds.Count == 0)
        {
            throw InvalidTask($"Task '{name}' needs one of 'shell', 'command' or 'robotTaskName'.");
        }

        if (kinds.Count > 1)
        {
            throw InvalidTask($"Task '{name}' has {string.Join(" and ", kinds.Select(k => $"'{k}'"))}; give exactly one of 'shell', 'command' or 'robotTaskName'.");
        }

        var value = map.Children[new YamlScalarNode(kinds[0])];
        var valid = kinds[0] switch
        {
            "command" => value is YamlSequenceNode { Children.Count: > 0 } list && list.Children.All(IsText),
            _ => IsText(value),
        };
        if (!valid)
        {
            throw InvalidTask(kinds[0] == "command"
                ? $"'command' of task '{name}' must be a non-empty list of strings: the program and its arguments."
                : $"'{kinds[0]}' of task '{name}' must be a non-empty string.");
        }
    }

    private static bool IsText(YamlNode node) =>
        node is YamlScalarNode scalar
        && !string.IsNullOrWhiteSpace(scalar.Value)
        && !(scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL");

    private static string Clip(string message) => message.Length <= 300 ? message : message[..300];

    private static HangarException Invalid(string message) => HangarException.Invalid("invalid_robot_yaml", message);

    private static HangarException InvalidTask(string message) => HangarException.Invalid("invalid_task", message);
}
