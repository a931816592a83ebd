namespace Hangar.Storage.Database;

/// <summary>Whether a SQLite database gives freed pages back to the file system (<c>auto_vacuum=INCREMENTAL</c>).</summary>
public enum IncrementalVacuumState
{
    /// <summary>PostgreSQL: its own vacuum makes freed space reusable; nothing to switch.</summary>
    NotSqlite,

    /// <summary>The database was created, or switched earlier, with incremental vacuum.</summary>
    AlreadyOn,

    /// <summary>Switched now, by a one-time VACUUM that rewrote the file.</summary>
    Switched,

    /// <summary>Not switched: the file is larger than the limit given (rewriting it would hold the start up). Run <c>hangar admin compact</c>.</summary>
    TooLarge,
}
