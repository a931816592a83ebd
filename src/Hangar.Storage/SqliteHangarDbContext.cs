using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hangar.Storage;

/// <summary>The SQLite flavour of the model, with its own migrations under <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteHangarDbContext(DbContextOptions<SqliteHangarDbContext> options) : HangarDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite has no time type and EF cannot order or compare DateTimeOffset stored as text there:
        // store UTC ticks, which sort and compare as integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
