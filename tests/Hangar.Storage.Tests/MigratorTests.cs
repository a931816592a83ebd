using Hangar.Storage.Database;
using Hangar.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Tests;

/// <summary>Schema management at start, on both providers.</summary>
public abstract class MigratorTests(DatabaseProvider provider)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [Fact]
    public async Task Migrate_CreatesTheSchema_IsIdempotent_AndReportsReady()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = HangarDatabase.CreateContext(database.Settings);
        Assert.False(await DatabaseMigrator.IsReadyAsync(context, _ct));
        await DatabaseMigrator.MigrateAsync(context, database.Settings, _ct);
        await DatabaseMigrator.MigrateAsync(context, database.Settings, _ct);
        Assert.True(await DatabaseMigrator.IsReadyAsync(context, _ct));
        Assert.Equal(0, await context.Users.CountAsync(_ct));
    }

    [Fact]
    public async Task Migrate_RefusesASchemaNewerThanThisBinary()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = HangarDatabase.CreateContext(database.Settings);
        await DatabaseMigrator.MigrateAsync(context, database.Settings, _ct);
        await context.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"__EFMigrationsHistory\" (\"migration_id\", \"product_version\") VALUES ('99990101000000_FromTheFuture', '99.0.0')", _ct);

        var ex = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseMigrator.MigrateAsync(context, database.Settings, _ct));
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class MigratorTests_Sqlite() : MigratorTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task Migrate_PutsTheSqliteFileInWalMode()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var context = HangarDatabase.CreateContext(database.Settings);
        await DatabaseMigrator.MigrateAsync(context, database.Settings, CancellationToken.None);
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}

public sealed class MigratorTests_Postgres() : MigratorTests(DatabaseProvider.Postgres)
{
    [Fact]
    public async Task Migrate_ExplainsAnUnreachableServerInOneLine()
    {
        var settings = DatabaseSettings.Parse("postgres://hangar:secret@127.0.0.1:1/hangar?Timeout=3");
        await using var context = HangarDatabase.CreateContext(settings);
        var ex = await Assert.ThrowsAsync<DatabaseStartupException>(() => DatabaseMigrator.MigrateAsync(context, settings, CancellationToken.None));
        Assert.StartsWith("Cannot use the database (PostgreSQL 127.0.0.1:1/hangar)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
