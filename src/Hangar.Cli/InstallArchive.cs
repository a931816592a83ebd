using System.Formats.Tar;
using System.IO.Compression;

namespace Hangar.Cli;

/// <summary>
/// The backup archive of a SQLite install (a .tar.gz): <c>hangar.db</c>, <c>master.key</c>, the embedded worker's
/// credential when there is one, and <c>blobs/</c>, laid out as in a data directory, so that restoring is unpacking.
/// </summary>
internal static class InstallArchive
{
    public const string DatabaseEntry = "hangar.db";
    public const string MasterKeyEntry = "master.key";
    public const string BlobsFolder = "blobs";

    /// <summary>The entries an archive may hold outside <see cref="BlobsFolder"/>.</summary>
    private static readonly string[] TopLevelFiles = [DatabaseEntry, MasterKeyEntry, EmbeddedWorker.ConfigFileName];

    /// <summary>Adds the files under <paramref name="folder"/> as <c>blobs/...</c>, skipping unfinished uploads; returns how many.</summary>
    public static async Task<int> AddBlobsAsync(TarWriter writer, string folder, CancellationToken ct)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith(".tmp/", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                await writer.WriteEntryAsync(file, $"{BlobsFolder}/{relative}", ct);
                count++;
            }
            catch (FileNotFoundException)
            {
                // Deleted by housekeeping since the listing: its row was gone before the file, so nothing names it.
            }
        }

        return count;
    }

    /// <summary>
    /// Unpacks <paramref name="archive"/> into <paramref name="folder"/> (which must exist and be empty). Only the
    /// entries a backup writes are accepted: regular files named as above, never a link or a path leaving the folder.
    /// </summary>
    public static async Task ExtractAsync(string archive, string folder, CancellationToken ct)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        await using var file = File.OpenRead(archive);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            if (entry.EntryType is TarEntryType.Directory)
            {
                continue;
            }

            var name = entry.Name;
            var path = Path.GetFullPath(Path.Combine(root, name));
            var allowed = entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile
                          && path.StartsWith(root, StringComparison.Ordinal)
                          && (TopLevelFiles.Contains(name, StringComparer.Ordinal) || name.StartsWith($"{BlobsFolder}/", StringComparison.Ordinal));
            if (!allowed)
            {
                throw new InvalidDataException($"the archive holds '{name}', which no Hangar backup holds");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await entry.ExtractToFileAsync(path, overwrite: false, ct);
            found.Add(name);
        }

        foreach (var required in new[] { DatabaseEntry, MasterKeyEntry })
        {
            if (!found.Contains(required))
            {
                throw new InvalidDataException($"the archive has no {required}; it is not a Hangar backup");
            }
        }
    }
}
