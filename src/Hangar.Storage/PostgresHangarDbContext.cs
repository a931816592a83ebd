using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage;

/// <summary>The PostgreSQL flavour of the model, with its own migrations under <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresHangarDbContext(DbContextOptions<PostgresHangarDbContext> options) : HangarDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Ids are compared for keyset paging: byte order ("C"), whatever the database's default collation.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(string) && (property.Name == "Id" || property.Name.EndsWith("Id", StringComparison.Ordinal)))
            {
                property.SetCollation("C");
            }
        }
    }
}
