using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hangar.Storage.Stores;

internal static class DbErrors
{
    /// <summary>A unique index refused the write (SQLite constraint error, PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.Message.Contains("UNIQUE", StringComparison.Ordinal),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
