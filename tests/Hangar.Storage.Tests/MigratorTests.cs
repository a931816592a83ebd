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

    /// <summary>
    /// Released migrations run frozen SQL, and StatsSql writes today's: when StatsSql's triggers change, this fails until
    /// a new migration puts the changed triggers into upgraded databases too.
    /// </summary>
    [Fact]
    public async Task MigratedStatsTriggers_AreTheTriggersStatsSqlWritesToday()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var context = HangarDatabase.CreateContext(database.Settings);
        await DatabaseMigrator.MigrateAsync(context, database.Settings, _ct);
        var postgres = provider == DatabaseProvider.Postgres;
        var migrated = await TriggerDefinitionsAsync(context);

        foreach (var statement in StatsSql.DropTriggers(postgres).Concat(StatsSql.CreateTriggers(postgres)))
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(_ct);
        }

        var today = await TriggerDefinitionsAsync(context);
        Assert.Contains(migrated, d => d.StartsWith("run_stats_after_run_update: ", StringComparison.Ordinal));
        Assert.Equal(today, migrated);
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

    /// <summary>Each trigger's (and on PostgreSQL each trigger function's) definition as the database holds it.</summary>
    private async Task<List<string>> TriggerDefinitionsAsync(HangarDbContext context)
    {
        var sql = provider == DatabaseProvider.Postgres
            ? "SELECT t.tgname || ': ' || pg_get_triggerdef(t.oid) FROM pg_trigger t WHERE NOT t.tgisinternal "
              + "UNION ALL SELECT p.proname || '(): ' || p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
              + "WHERE n.nspname = current_schema() AND p.prorettype = 'trigger'::regtype ORDER BY 1"
            : "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1";
        await context.Database.OpenConnectionAsync(_ct);
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(_ct);
        var definitions = new List<string>();
        while (await reader.ReadAsync(_ct))
        {
            definitions.Add(reader.GetString(0));
        }

        return definitions;
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
