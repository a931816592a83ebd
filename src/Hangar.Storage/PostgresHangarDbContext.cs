using Microsoft.EntityFrameworkCore;

namespace Hangar.Storage;

/// <summary>The PostgreSQL flavour of the model, with its own migrations under <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresHangarDbContext(DbContextOptions<PostgresHangarDbContext> options) : HangarDbContext(options);
