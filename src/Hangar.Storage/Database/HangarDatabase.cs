using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage.Database;

/// <summary>Builds context options for the configured provider; used by the server, the admin commands and tests.</summary>
public static class HangarDatabase
{
    private static readonly SqlitePragmas Pragmas = new();

    public static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(HangarDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(Pragmas);

    public static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(HangarDbContext).Assembly.GetName().Name))
            .UseSnakeCaseNamingConvention();

    /// <summary>A context for one unit of work outside dependency injection (admin commands, tests).</summary>
    public static HangarDbContext CreateContext(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = new DbContextOptionsBuilder<SqliteHangarDbContext>();
            ConfigureSqlite(sqlite, settings.ConnectionString);
            return new SqliteHangarDbContext(sqlite.Options);
        }

        var postgres = new DbContextOptionsBuilder<PostgresHangarDbContext>();
        ConfigurePostgres(postgres, settings.ConnectionString);
        return new PostgresHangarDbContext(postgres.Options);
    }
}
