using Hangar.Worker.Isolation;

namespace Hangar.Worker.Tests;

public class IsolationOptionTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("auto", null)]
    [InlineData("AUTO", null)]
    [InlineData("sandbox", IsolationLevel.Sandbox)]
    [InlineData("user", IsolationLevel.SeparateUser)]
    [InlineData("none", IsolationLevel.EnvironmentOnly)]
    public void Parse_ReadsTheRequiredLevel(string? value, IsolationLevel? required) =>
        Assert.Equal(required, IsolationOption.Parse(value, null).Required);

    [Fact]
    public void Parse_DefaultsTheRobotUser_AndTakesAnotherName() =>
        Assert.Equal(("hangar-robot", "robots"), (IsolationOption.Parse(null, null).RobotUser, IsolationOption.Parse(null, "robots").RobotUser));

    [Theory]
    [InlineData("chroot", null)]
    [InlineData(null, "root")]
    [InlineData(null, "-rf")]
    [InlineData(null, "a b")]
    [InlineData(null, "x;y")]
    public void Parse_RefusesAnUnknownLevelOrAnUnusableUser(string? isolation, string? user) =>
        Assert.Throws<FormatException>(() => IsolationOption.Parse(isolation, user));

    [Fact]
    public void Parse_TakesAbsoluteSandboxFoldersOnly()
    {
        Assert.Equal(["/srv/tools", "/opt/x"], IsolationOption.Parse(null, null, "/srv/tools:/opt/x").SandboxReadOnly);
        Assert.Throws<FormatException>(() => IsolationOption.Parse(null, null, "tools"));
    }
}
