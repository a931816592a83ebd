using YamlDotNet.RepresentationModel;

namespace Hangar.Worker;

/// <summary>What the worker needs from a robot.yaml: how to run a task, where artifacts go, what to put on PATH and PYTHONPATH.</summary>
public sealed class RobotConfig
{
    public string ArtifactsDir { get; private init; } = "output";
    public IReadOnlyList<string> Path { get; private init; } = [];
    public IReadOnlyList<string> PythonPath { get; private init; } = [];

    /// <summary>robot.yaml's <c>condaConfigFile</c> (relative to the robot root), or null when it names none.</summary>
    public string? CondaConfigFile { get; private init; }
    private Dictionary<string, YamlMappingNode> Tasks { get; init; } = new(StringComparer.Ordinal);

    public static RobotConfig Parse(string text)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(text))
        {
            stream.Load(reader);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new RobotSetupException("robot_yaml_invalid", "robot.yaml is not a mapping.");
        }

        var tasks = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        if (Child(root, "tasks") is YamlMappingNode taskMap)
        {
            foreach (var (key, value) in taskMap.Children)
            {
                if (key is YamlScalarNode { Value: { } name } && value is YamlMappingNode task)
                {
                    tasks[name] = task;
                }
            }
        }

        return new RobotConfig
        {
            ArtifactsDir = Child(root, "artifactsDir") is YamlScalarNode { Value: { Length: > 0 } dir } ? dir : "output",
            Path = List(Child(root, "PATH")),
            PythonPath = List(Child(root, "PYTHONPATH")),
            CondaConfigFile = Child(root, "condaConfigFile") is YamlScalarNode { Value: { Length: > 0 } conda } ? conda : null,
            Tasks = tasks,
        };
    }

    /// <summary>
    /// The conda.yaml that makes rcc build an environment for the robot: the file <c>condaConfigFile</c> names, else
    /// <c>conda.yaml</c> in the robot root; null when that file does not exist (or would lie outside the robot).
    /// </summary>
    public string? CondaConfigPath(string robotRoot)
    {
        var root = System.IO.Path.GetFullPath(robotRoot);
        var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, CondaConfigFile ?? "conda.yaml"));
        var inside = file.StartsWith(System.IO.Path.TrimEndingDirectorySeparator(root) + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(file) ? file : null;
    }

    /// <summary>Fails with <c>task_not_found</c> unless robot.yaml declares <paramref name="task"/> (before rcc is asked to run it).</summary>
    public void RequireTask(string task)
    {
        if (!Tasks.ContainsKey(task))
        {
            throw new RobotSetupException("task_not_found", $"robot.yaml has no task '{task}'.");
        }
    }

    /// <summary>
    /// The task's argv, with rcc's precedence: <c>robotTaskName</c> (Robot Framework), then <c>shell</c> (split as a
    /// POSIX shell splits words), then <c>command</c> (a list, used as is).
    /// </summary>
    public IReadOnlyList<string> CommandFor(string task, string artifactsPath)
    {
        RequireTask(task);
        var node = Tasks[task];

        if (Child(node, "robotTaskName") is YamlScalarNode { Value: { Length: > 0 } robotTask })
        {
            return ["python", "-m", "robot", "--report", "NONE", "--outputdir", artifactsPath, "--logtitle", "Task log", "--task", robotTask, "."];
        }

        if (Child(node, "shell") is YamlScalarNode { Value: { Length: > 0 } shell })
        {
            IReadOnlyList<string> words;
            try
            {
                words = ShellWords.Split(shell);
            }
            catch (FormatException ex)
            {
                throw new RobotSetupException("task_invalid", $"Task '{task}': 'shell' cannot be split into words: {ex.Message}");
            }

            return words.Count > 0 ? words : throw new RobotSetupException("task_invalid", $"Task '{task}': 'shell' is empty.");
        }

        var command = List(Child(node, "command"));
        return command.Count > 0
            ? command
            : throw new RobotSetupException("task_invalid", $"Task '{task}' has none of robotTaskName, shell or command.");
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static List<string> List(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList(),
        YamlScalarNode { Value: { Length: > 0 } single } => [single],
        _ => [],
    };
}
