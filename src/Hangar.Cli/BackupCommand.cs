using System.CommandLine;
using System.Formats.Tar;
using System.IO.Compression;
using Hangar.Server.Hosting;
using Hangar.Storage.Blobs;
using Hangar.Storage.Database;
using Microsoft.Data.Sqlite;

namespace Hangar.Cli;

/// <summary>
/// <c>hangar admin backup --to FILE</c>: one archive of a SQLite install (database, master key, blobs) taken while the
/// server runs. The database is copied first with SQLite's online backup API, then the blobs: a blob is written before
/// the row that names it commits and deleted only after that row is gone, so every row in the copy finds its file.
/// </summary>
internal static class BackupCommand
{
    private static readonly Option<string> To = new("--to")
    {
        Description = "The archive to write (a .tar.gz). It must not exist yet. It holds the master key: keep it as safe as the data directory.",
        Required = true,
    };

    public static Command Create()
    {
        var command = new Command("backup",
            "SQLite: write the database (a consistent copy, taken while the server runs), the master key and the blobs into one archive. "
            + "PostgreSQL installs use pg_dump instead (docs/operations.md, Backups).")
        {
            To, CliOptions.DataDir, CliOptions.Database, CliOptions.Blobs,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var options = CliOptions.Load(parse);
        var configuredBlobs = options.Blobs.Location;
        options.Blobs.Location = parse.GetValue(CliOptions.Blobs) ?? configuredBlobs;
        var to = Path.GetFullPath(parse.GetValue(To)!);
        DatabaseSettings database;
        try
        {
            database = options.DatabaseSettings;
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"hangar: {ex.Message}");
            return ExitCodes.BadConfiguration;
        }

        if (database.Provider != DatabaseProvider.Sqlite)
        {
            await Console.Error.WriteLineAsync("hangar: backup copies SQLite installs; back up PostgreSQL with pg_dump, the blob store and the master key (docs/operations.md, Backups).");
            return ExitCodes.BadConfiguration;
        }

        if (File.Exists(to) || Directory.Exists(to))
        {
            await Console.Error.WriteLineAsync($"hangar: {to} exists already; give a new file name.");
            return ExitCodes.Failed;
        }

        var keyFile = Path.Combine(options.FullDataDirectory, MasterKeyLoader.FileName);
        if (string.IsNullOrEmpty(options.MasterKey) && !File.Exists(keyFile))
        {
            await Console.Error.WriteLineAsync($"hangar: there is no master key at {keyFile} (nor in HANGAR_MASTER_KEY); is --data-dir the install's?");
            return ExitCodes.BadConfiguration;
        }

        var work = Path.Combine(Path.GetDirectoryName(to)!, $".{Path.GetFileName(to)}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var partial = Path.Combine(work, "archive.tar.gz");
        try
        {
            var copy = Path.Combine(work, InstallArchive.DatabaseEntry);
            await SqliteBackup.CopyToAsync(database, copy, ct);
            int blobs;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                await writer.WriteEntryAsync(copy, InstallArchive.DatabaseEntry, ct);
                var key = Path.Combine(work, MasterKeyLoader.FileName);
                await File.WriteAllTextAsync(key, string.IsNullOrEmpty(options.MasterKey) ? await File.ReadAllTextAsync(keyFile, ct) : options.MasterKey + "\n", ct);
                await writer.WriteEntryAsync(key, InstallArchive.MasterKeyEntry, ct);
                var worker = Path.Combine(options.FullDataDirectory, EmbeddedWorker.ConfigFileName);
                if (File.Exists(worker))
                {
                    await writer.WriteEntryAsync(worker, EmbeddedWorker.ConfigFileName, ct);
                }

                blobs = S3BlobLocation.IsS3(options.Blobs.Location)
                    ? 0
                    : await InstallArchive.AddBlobsAsync(writer, string.IsNullOrWhiteSpace(options.Blobs.Location) ? options.DefaultBlobFolder : options.Blobs.Location, ct);
            }

            File.Move(partial, to);
            Console.WriteLine($"Backed up {database.Describe()}, the master key and {blobs} blobs to {to} ({new FileInfo(to).Length / (1024.0 * 1024):0.0} MiB).");
            if (S3BlobLocation.IsS3(options.Blobs.Location))
            {
                Console.WriteLine($"The blobs are in {options.Blobs.Location}: back the bucket up with its own means (versioning, replication).");
            }

            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"hangar: backup failed: {ex.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
