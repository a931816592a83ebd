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

    /// <summary>A unique index refused the write, whether through EF Core (a save) or a command of its own.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        DbUpdateException update => IsUniqueViolation(update),
        SqliteException s => s.SqliteErrorCode == 19 && s.Message.Contains("UNIQUE", StringComparison.Ordinal),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>A foreign key refused the write: the row it points to is gone (SQLite constraint error, PostgreSQL 23503).</summary>
    public static bool IsForeignKeyViolation(DbUpdateException ex) => ex.InnerException switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && s.Message.Contains("FOREIGN KEY", StringComparison.Ordinal),
        PostgresException p => p.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };

    /// <summary>Saves; a unique index refusing the write becomes <paramref name="conflict"/>, and nothing is left tracked.</summary>
    public static async Task SaveOrConflictAsync(this HangarDbContext db, Func<Hangar.Core.Errors.HangarException> conflict, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw conflict();
        }
    }
}
