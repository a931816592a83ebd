using System.Text;
using System.Text.Json;
using Hangar.Core.Errors;
using Hangar.Core.Vault;

namespace Hangar.Core.Tests;

public class SecretValueTests
{
    [Fact]
    public void AnObjectOfStrings_KeepsItsOrder_AndBecomesCompactJson()
    {
        var value = SecretValue.FromJson(Parse("""{"username": "robot", "password": "p\u00e4ss\"word", "empty": ""}"""));
        Assert.Equal(["username", "password", "empty"], value.Keys);
        Assert.Equal("""{"username":"robot","password":"päss\"word","empty":""}""", Encoding.UTF8.GetString(value.ToUtf8Json()));
        Assert.Equal(["username", "password", "empty"], value.ToDictionary().Keys);
        Assert.DoesNotContain("robot", value.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"text\"")]
    [InlineData("[]")]
    [InlineData("""{"a": 1}""")]
    [InlineData("""{"a": null}""")]
    [InlineData("""{"a": {"b": "c"}}""")]
    [InlineData("""{"a": "1", "a": "2"}""")]
    [InlineData("""{"": "x"}""")]
    public void AnythingButAnObjectOfStrings_IsRefused(string json)
    {
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() => SecretValue.FromJson(Parse(json))).Code);
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() => SecretValue.FromUtf8Json(Encoding.UTF8.GetBytes(json))).Code);
    }

    [Fact]
    public void PairsFromAForm_FollowTheSameRules()
    {
        var value = SecretValue.FromEntries([KeyValuePair.Create("user", "robot"), KeyValuePair.Create("password", "")]);
        Assert.Equal("""{"user":"robot","password":""}""", Encoding.UTF8.GetString(value.ToUtf8Json()));
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() =>
            SecretValue.FromEntries([KeyValuePair.Create("a", "1"), KeyValuePair.Create("a", "2")])).Code);
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() => SecretValue.FromEntries([KeyValuePair.Create("", "x")])).Code);
        Assert.Equal("secret_too_large", Assert.Throws<HangarException>(() =>
            SecretValue.FromEntries([KeyValuePair.Create("big", new string('x', VaultLimits.MaxValueBytes))])).Code);
    }

    [Fact]
    public void MissingValuesAndBrokenJson_AreRefused()
    {
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() => SecretValue.FromJson(null)).Code);
        Assert.Equal("invalid_secret_value", Assert.Throws<HangarException>(() => SecretValue.FromUtf8Json("{\"a\":"u8)).Code);
    }

    [Fact]
    public void ValuesOver64KiB_AreRefused()
    {
        var fits = JsonSerializer.Serialize(new Dictionary<string, string> { ["k"] = new('x', VaultLimits.MaxValueBytes - 10) });
        Assert.Single(SecretValue.FromJson(Parse(fits)).Keys);
        var tooLarge = JsonSerializer.Serialize(new Dictionary<string, string> { ["k"] = new('x', VaultLimits.MaxValueBytes) });
        var ex = Assert.Throws<HangarException>(() => SecretValue.FromJson(Parse(tooLarge)));
        Assert.Equal(("secret_too_large", ErrorKind.PayloadTooLarge), (ex.Code, ex.Kind));
    }

    [Theory]
    [InlineData("db")]
    [InlineData("My_Secret-1.prod")]
    [InlineData("a")]
    public void GoodNames_AreAccepted(string name) => Assert.Equal(name, SecretNames.Check(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("slash/name")]
    [InlineData("ünicode")]
    [InlineData("publicKey")]
    [InlineData("PUBLICKEY")]
    [InlineData("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    public void BadNames_AreRefused(string? name) =>
        Assert.Equal("invalid_name", Assert.Throws<HangarException>(() => SecretNames.Check(name)).Code);

    [Fact]
    public void NamesAreAtMost100Characters()
    {
        Assert.Equal(100, SecretNames.Check(new string('a', 100)).Length);
        Assert.Throws<HangarException>(() => SecretNames.Check(new string('a', 101)));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
