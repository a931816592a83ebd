using Microsoft.Data.Sqlite;

namespace Hangar.Storage.Database;

/// <summary>
/// A consistent copy of a live SQLite database through SQLite's online backup API: the copy is the database as one
/// committed transaction left it, while the server goes on writing (in WAL mode writers are not held up).
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the database of <paramref name="settings"/> into a new file at <paramref name="destination"/>.</summary>
    public static async Task CopyToAsync(DatabaseSettings settings, string destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException("the online backup works on SQLite databases only");
        }

        var source = new SqliteConnectionStringBuilder(settings.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        if (!File.Exists(source.DataSource))
        {
            throw new FileNotFoundException($"there is no database at {Path.GetFullPath(source.DataSource)}");
        }

        var target = new SqliteConnectionStringBuilder { DataSource = destination, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        await using var from = new SqliteConnection(source.ToString());
        await using var to = new SqliteConnection(target.ToString());
        await from.OpenAsync(ct);
        await to.OpenAsync(ct);
        // One step copies every page under one read transaction, so the copy is a single consistent state.
        from.BackupDatabase(to);
        await using var command = to.CreateCommand();
        // The copy is a plain file with no -wal beside it, ready to be archived.
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync(ct);
    }
}
