using Hangar.TestSupport;

namespace Hangar.Worker.Tests;

public sealed class RccOptionTests : IDisposable
{
    private readonly string _dir = TempDirectory.Create("hangar-rcc-option");

    public void Dispose() => TempDirectory.TryDelete(_dir);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData(" AUTO ")]
    public void Parse_AutoIsTheDefault(string? value)
    {
        var option = RccOption.Parse(value);
        Assert.False(option.Disabled);
        Assert.Null(option.Executable);
    }

    [Fact]
    public void Parse_Never_TurnsRccOff_AndAPathMustBeAFile()
    {
        Assert.True(RccOption.Parse("never").Disabled);
        Assert.Null(RccOption.Parse("never").LookingIn(_dir).Find());
        var missing = Path.Combine(_dir, "no-such-rcc");
        Assert.Contains(missing, Assert.Throws<FormatException>(() => RccOption.Parse(missing)).Message, StringComparison.Ordinal);
        var rcc = Executable("my-rcc");
        Assert.Equal(rcc, RccOption.Parse(rcc).Find());
    }

    [Fact]
    public void Auto_FindsAnExecutableRccOnThePath_Only()
    {
        var empty = TempDirectory.Create("hangar-rcc-empty");
        try
        {
            Assert.Null(RccOption.Auto.LookingIn(empty).Find());
            var notExecutable = Path.Combine(empty, "rcc");
            File.WriteAllText(notExecutable, "#!/bin/sh\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Assert.Null(RccOption.Auto.LookingIn(empty).Find());
            }

            var rcc = Executable("rcc");
            Assert.Equal(rcc, RccOption.Auto.LookingIn(empty + Path.PathSeparator + _dir).Find());
        }
        finally
        {
            TempDirectory.TryDelete(empty);
        }
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(10, "robot_failure")]
    [InlineData(9, "robot_failure")]
    [InlineData(3, "task_not_found")]
    [InlineData(4, "environment_error")]
    [InlineData(6, "executable_not_found")]
    [InlineData(1, "rcc_failure")]
    [InlineData(137, "rcc_failure")]
    public void RccExitCodes_MapToErrorCodes(int exitCode, string? errorCode) => Assert.Equal(errorCode, RccCommand.ErrorCodeFor(exitCode));

    [Fact]
    public void EachSlotOfEachWorker_HasItsOwnSpace()
    {
        const string worker = "0198a3b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b";
        Assert.Equal("hangar-2e3f4a5b-0", RccCommand.Space(worker, 0));
        Assert.NotEqual(RccCommand.Space(worker, 0), RccCommand.Space(worker, 1));
    }

    [Fact]
    public void CondaYaml_IsTheNamedFile_ElseCondaYamlInTheRoot_AndNeverOutsideTheRobot()
    {
        var root = Directory.CreateDirectory(Path.Combine(_dir, "robot")).FullName;
        var plain = RobotConfig.Parse("tasks:\n  A:\n    shell: x\n");
        Assert.Null(plain.CondaConfigPath(root));
        File.WriteAllText(Path.Combine(root, "conda.yaml"), "channels: []");
        Assert.Equal(Path.Combine(root, "conda.yaml"), plain.CondaConfigPath(root));

        var named = RobotConfig.Parse("tasks:\n  A:\n    shell: x\ncondaConfigFile: env/other.yaml\n");
        Assert.Equal("env/other.yaml", named.CondaConfigFile);
        Assert.Null(named.CondaConfigPath(root));
        Directory.CreateDirectory(Path.Combine(root, "env"));
        File.WriteAllText(Path.Combine(root, "env", "other.yaml"), "channels: []");
        Assert.Equal(Path.Combine(root, "env", "other.yaml"), named.CondaConfigPath(root));

        File.WriteAllText(Path.Combine(_dir, "outside.yaml"), "channels: []");
        Assert.Null(RobotConfig.Parse("tasks:\n  A:\n    shell: x\ncondaConfigFile: ../outside.yaml\n").CondaConfigPath(root));
    }

    private string Executable(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
