using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Core.Tests;

/// <summary>Lines of a robot's ignore file, matched as rcc matches them: against a name, exactly or as a Go glob.</summary>
public class IgnorePatternTests
{
    [Theory]
    [InlineData("*.log", "debug.log", false, true)]
    [InlineData("*.log", "debug.log.txt", false, false)]
    [InlineData("draft?.py", "draft1.py", false, true)]
    [InlineData("draft?.py", "draft10.py", false, false)]
    [InlineData("[a-c]x", "bx", false, true)]
    [InlineData("[a-c]x", "dx", false, false)]
    [InlineData("[^a-c]x", "dx", false, true)]
    [InlineData("[^a-c]x", "ax", false, false)]
    [InlineData("\\*star", "*star", false, true)]
    [InlineData("\\*star", "xstar", false, false)]
    [InlineData("output/", "output", true, true)]
    [InlineData("output/", "output", false, false)]
    [InlineData("*/", "anything", true, true)]
    [InlineData("lib/*.log", "debug.log", false, false)]
    [InlineData("secrets", "secrets", true, true)]
    [InlineData("secrets", "secrets", false, true)]
    [InlineData("a.b", "aXb", false, false)]
    [InlineData("[", "[", false, true)]
    [InlineData("[", "x", false, false)]
    [InlineData("[]a]", "a", false, false)]
    [InlineData("trailing\\", "trailing\\", false, true)]
    public void Matches_AsRccMatchesANameAgainstALine(string line, string name, bool isFolder, bool expected)
    {
        Assert.Equal(expected, new IgnorePattern(line).Matches(name, isFolder));
    }

    [Fact]
    public void ParseFile_TakesTrimmedLines_ButNotBlankOnesOrComments()
    {
        var patterns = IgnorePattern.ParseFile("# a comment\r\n\n  *.log  \r\noutput/\n   \n#another\n");

        Assert.Equal(["*.log", "output/"], patterns.Select(p => p.Text));
    }

    [Fact]
    public void ReadIgnoreFiles_ListsTheNamedFiles_AndNoneWhenRobotYamlNamesNone()
    {
        Assert.Equal([".gitignore", "more.ignore"], RobotYaml.ReadIgnoreFiles("tasks:\n  A:\n    shell: a\nignoreFiles:\n  - .gitignore\n  - more.ignore\n"));
        Assert.Empty(RobotYaml.ReadIgnoreFiles("tasks:\n  A:\n    shell: a\n"));
        Assert.Empty(RobotYaml.ReadIgnoreFiles("tasks:\n  A:\n    shell: a\nignoreFiles:\n"));
    }

    [Fact]
    public void ReadIgnoreFiles_RefusesWhatIsNotAListOfNames()
    {
        var refused = Assert.Throws<HangarException>(() => RobotYaml.ReadIgnoreFiles("tasks:\n  A:\n    shell: a\nignoreFiles:\n  a: b\n"));

        Assert.Equal("invalid_robot_yaml", refused.Code);
    }
}
