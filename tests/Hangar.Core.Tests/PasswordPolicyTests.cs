using Hangar.Core.Errors;
using Hangar.Core.Passwords;
using Hangar.Core.Services;

namespace Hangar.Core.Tests;

public class PasswordPolicyTests
{
    [Theory]
    [InlineData("short", "password_too_short")]
    [InlineData("elevenchars", "password_too_short")]
    [InlineData("", "password_too_short")]
    [InlineData(null, "password_too_short")]
    [InlineData("qwerty123456", "password_too_common")]
    [InlineData("1qaz2wsx3edc", "password_too_common")]
    [InlineData("Password1234", "password_too_common")]
    [InlineData("  JamesBond007  ", "password_too_common")]
    [InlineData("x-Alice-is-my-name", "password_contains_username")]
    [InlineData("my-ALICE-password-7", "password_contains_username")]
    public void Check_RefusesWeakPasswords_WithTheirOwnCode(string? password, string code) =>
        Assert.Equal(code, Assert.Throws<HangarException>(() => PasswordPolicy.Check(password, "alice")).Code);

    [Fact]
    public void Check_RefusesOverlongPasswords() =>
        Assert.Equal("password_too_long", Assert.Throws<HangarException>(() => PasswordPolicy.Check(new string('k', 257), "alice")).Code);

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("twelve-chars")]
    [InlineData("pä$$ wörd with spaces")]
    public void Check_AcceptsAGoodPassword_AsTyped(string password) => Assert.Equal(password, PasswordPolicy.Check(password, "alice"));

    [Fact]
    public void Check_IgnoresUsernamesTooShortToMeanAnything() =>
        Assert.Equal("abracadabra-by-the-sea", PasswordPolicy.Check("abracadabra-by-the-sea", "ab"));

    [Fact]
    public void CommonList_IsTheRealListOfAboutTenThousand()
    {
        Assert.InRange(PasswordPolicy.CommonCount, 10_000, 11_000);
        foreach (var common in new[] { "123456", "password", "qwerty", "letmein", "trustno1", "iloveyou", "dragon" })
        {
            Assert.True(PasswordPolicy.IsCommon(common), common);
        }

        Assert.False(PasswordPolicy.IsCommon("vivid-lantern-harbor-42"));
    }

    [Fact]
    public void GeneratedPasswords_PassThePolicy()
    {
        for (var i = 0; i < 50; i++)
        {
            var password = Bootstrapper.GeneratePassword("admin");
            Assert.Equal(password, PasswordPolicy.Check(password, "admin"));
        }
    }
}
