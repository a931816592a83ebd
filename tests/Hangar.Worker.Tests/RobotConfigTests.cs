namespace Hangar.Worker.Tests;

public class RobotConfigTests
{
    private const string Yaml = """
        tasks:
          Robot:
            robotTaskName: Produce data
            shell: ignored because robotTaskName wins
          Shell:
            shell: python3 -m tasks "two words"
          Command:
            command:
              - python3
              - run.py
              - --flag
        artifactsDir: out/put
        PATH:
          - bin
        PYTHONPATH:
          - .
          - libraries
        """;

    [Fact]
    public void Tasks_ResolveToArgv_WithRccPrecedence()
    {
        var config = RobotConfig.Parse(Yaml);
        Assert.Equal(["python", "-m", "robot", "--report", "NONE", "--outputdir", "/a", "--logtitle", "Task log", "--task", "Produce data", "."],
            config.CommandFor("Robot", "/a"));
        Assert.Equal(["python3", "-m", "tasks", "two words"], config.CommandFor("Shell", "/a"));
        Assert.Equal(["python3", "run.py", "--flag"], config.CommandFor("Command", "/a"));
        Assert.Equal("out/put", config.ArtifactsDir);
        Assert.Equal(["bin"], config.Path);
        Assert.Equal([".", "libraries"], config.PythonPath);
    }

    [Fact]
    public void UnknownTask_IsASetupErrorWithACode()
    {
        var error = Assert.Throws<RobotSetupException>(() => RobotConfig.Parse(Yaml).CommandFor("Nope", "/a"));
        Assert.Equal("task_not_found", error.Code);
    }

    [Fact]
    public void ArtifactsDir_DefaultsToOutput() => Assert.Equal("output", RobotConfig.Parse("tasks:\n  A:\n    shell: x\n").ArtifactsDir);
}
