using Hangar.Core.Domain;

namespace Hangar.Core.Tests;

public class IdsTests
{
    [Fact]
    public void New_IsAVersion7Uuid_InCanonicalForm()
    {
        var id = Ids.New();
        Assert.True(Ids.IsWellFormed(id));
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal(id.ToLowerInvariant(), id);
    }

    [Fact]
    public void New_IsStrictlyIncreasing_EvenWithinOneMillisecond()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => Ids.New()).ToList();
        for (var i = 1; i < ids.Count; i++)
        {
            Assert.True(string.CompareOrdinal(ids[i - 1], ids[i]) < 0, $"{ids[i - 1]} !< {ids[i]}");
        }
    }

    [Fact]
    public void NewAt_EncodesTheTime()
    {
        var when = DateTimeOffset.UtcNow.AddMinutes(5);
        var id = Ids.NewAt(when);
        var millis = Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16);
        Assert.Equal(when.ToUnixTimeMilliseconds(), millis);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("0190a6b2c3d44e5f8a9b0c1d2e3f4a5b")]
    public void IsWellFormed_RefusesAnythingElse(string? value) => Assert.False(Ids.IsWellFormed(value));
}
