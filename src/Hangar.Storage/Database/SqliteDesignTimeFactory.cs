using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hangar.Storage.Database;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a running server.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHangarDbContext>
{
    public SqliteHangarDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteHangarDbContext>();
        HangarDatabase.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteHangarDbContext(builder.Options);
    }
}
