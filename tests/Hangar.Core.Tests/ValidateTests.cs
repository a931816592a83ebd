using Hangar.Core.Errors;

namespace Hangar.Core.Tests;

public class ValidateTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tname")]
    public void Name_RefusesEmptyAndControlCharacters(string? name) =>
        Assert.Equal("invalid_name", Assert.Throws<HangarException>(() => Validate.Name(name)).Code);

    [Fact]
    public void Name_RefusesOverLong_AndTrims()
    {
        Assert.Equal("invalid_name", Assert.Throws<HangarException>(() => Validate.Name(new string('a', 101))).Code);
        Assert.Equal("Ops team", Validate.Name("  Ops team "));
    }

    [Theory]
    [InlineData("Alice", "alice")]
    [InlineData("bob.smith@example.com", "bob.smith@example.com")]
    public void Username_IsLowerCased(string given, string expected) => Assert.Equal(expected, Validate.Username(given));

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Username_RefusesOddCharacters(string given) =>
        Assert.Equal("invalid_username", Assert.Throws<HangarException>(() => Validate.Username(given)).Code);
}
