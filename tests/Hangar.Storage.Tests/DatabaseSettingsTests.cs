using Hangar.Storage.Database;
using Npgsql;

namespace Hangar.Storage.Tests;

public class DatabaseSettingsTests
{
    [Fact]
    public void Parse_ReadsAPostgresUrl_WithEscapesAndOptions()
    {
        var settings = DatabaseSettings.Parse("postgres://app%40corp:p%3Ass@db.internal:6543/hangar?sslmode=require");
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
        var b = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(("db.internal", 6543, "hangar", "app@corp", "p:ss"), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("PostgreSQL db.internal:6543/hangar", settings.Describe());
    }

    [Fact]
    public void Parse_ReadsAKeyValueConnectionString()
    {
        var settings = DatabaseSettings.Parse("Host=localhost;Database=hangar;Username=u");
        Assert.Equal(DatabaseProvider.Postgres, settings.Provider);
    }

    [Theory]
    [InlineData("Database=hangar")]
    [InlineData("Nonsense=1")]
    public void Parse_RefusesWhatIsNotAPostgresTarget(string value) =>
        Assert.Throws<FormatException>(() => DatabaseSettings.Parse(value));
}
