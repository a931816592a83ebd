using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hangar.Storage.Database;

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHangarDbContext>
{
    public PostgresHangarDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresHangarDbContext>();
        HangarDatabase.ConfigurePostgres(builder, "Host=localhost;Database=hangar_design");
        return new PostgresHangarDbContext(builder.Options);
    }
}
