using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Core.Tests;

public class RobotYamlTests
{
    [Fact]
    public void TasksOfEachKind_AreRead_InFileOrder()
    {
        Assert.Equal(["Run all tasks", "Produce data", "Consume"], RobotYaml.ReadTasks(TestZips.RobotYaml));
    }

    [Fact]
    public void AnchorsAndAliases_AreFine()
    {
        const string yaml = """
            tasks:
              First: &task
                shell: python run.py
              Second: *task
            """;
        Assert.Equal(["First", "Second"], RobotYaml.ReadTasks(yaml));
    }

    [Theory]
    [InlineData("tasks: [", "invalid_robot_yaml")]
    [InlineData("tasks:\n  a:\n    shell: x\n  a:\n    shell: y\n", "invalid_robot_yaml")]
    [InlineData("", "invalid_robot_yaml")]
    [InlineData("- just\n- a list\n", "invalid_robot_yaml")]
    [InlineData("a: 1\n---\ntasks: {}\n", "invalid_robot_yaml")]
    [InlineData("condaConfigFile: conda.yaml\n", "invalid_robot_yaml")]
    [InlineData("tasks: {}\n", "invalid_robot_yaml")]
    [InlineData("tasks:\n  - shell: x\n", "invalid_robot_yaml")]
    [InlineData("tasks:\n", "invalid_robot_yaml")]
    [InlineData("tasks:\n  Do it: python run.py\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    description: nothing to run\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    shell: python a.py\n    command: [python, a.py]\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    shell: python a.py\n    robotTaskName: Do it\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    shell:\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    shell: ~\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    shell: [python, a.py]\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    command: python a.py\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    command: []\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    command: [python, [nested]]\n", "invalid_task")]
    [InlineData("tasks:\n  Do it:\n    robotTaskName: {a: b}\n", "invalid_task")]
    [InlineData("tasks:\n  \"two\\nlines\":\n    shell: x\n", "invalid_task")]
    [InlineData("tasks:\n  ? [a, b]\n  : shell: x\n", "invalid_task")]
    public void BadRobotYaml_IsRefused_WithACodeAndAReason(string yaml, string code)
    {
        var error = Assert.Throws<HangarException>(() => RobotYaml.ReadTasks(yaml));
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void DeepNesting_IsRefusedBeforeTheTreeIsBuilt()
    {
        var yaml = "tasks:\n  a:\n    shell: x\nextra: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var error = Assert.Throws<HangarException>(() => RobotYaml.ReadTasks(yaml));
        Assert.Equal("invalid_robot_yaml", error.Code);
        Assert.Contains("nests deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyTasks_AreRefused()
    {
        var yaml = "tasks:\n" + string.Concat(Enumerable.Range(0, 1000).Select(i => $"  Task number {i:D4} with a long descriptive name:\n    shell: x\n"));
        var error = Assert.Throws<HangarException>(() => RobotYaml.ReadTasks(yaml));
        Assert.Equal("invalid_robot_yaml", error.Code);
    }

    [Fact]
    public void RefusalsOfATask_NameTheTask()
    {
        var error = Assert.Throws<HangarException>(() => RobotYaml.ReadTasks("tasks:\n  Nightly report:\n    command: python a.py\n"));
        Assert.Contains("Nightly report", error.Message, StringComparison.Ordinal);
        Assert.Contains("'command'", error.Message, StringComparison.Ordinal);
    }
}
