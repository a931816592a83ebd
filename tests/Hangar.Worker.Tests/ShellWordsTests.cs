namespace Hangar.Worker.Tests;

public class ShellWordsTests
{
    [Theory]
    [InlineData("python3 robot.py", new[] { "python3", "robot.py" })]
    [InlineData("  a   b\tc ", new[] { "a", "b", "c" })]
    [InlineData("python -c 'print(\"hi there\")'", new[] { "python", "-c", "print(\"hi there\")" })]
    [InlineData("echo \"a \\\"quoted\\\" $word\" x", new[] { "echo", "a \"quoted\" $word", "x" })]
    [InlineData("a\\ b c", new[] { "a b", "c" })]
    [InlineData("x''y \"\"", new[] { "xy", "" })]
    [InlineData("\"back\\slash\"", new[] { "back\\slash" })]
    public void Split_FollowsPosixWordRules(string line, string[] expected) => Assert.Equal(expected, ShellWords.Split(line));

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    public void Split_RefusesAnUnterminatedQuote(string line) => Assert.Throws<FormatException>(() => ShellWords.Split(line));
}
