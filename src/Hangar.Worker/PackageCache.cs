using System.Security.Cryptography;
using Hangar.Contracts.WorkerV1;

namespace Hangar.Worker;

/// <summary>
/// Package versions kept by SHA-256 in the worker's private work directory: downloaded and checked against the hash,
/// validated and unpacked once per version (<see cref="PackageTree"/>), and copied afresh into each step run's folder.
/// An entry is unpacked into a temporary folder and renamed into place only once complete, so neither two slots
/// wanting the same version nor a crash mid-unpack leaves a half-written entry that a run would start from. At most
/// <c>maxVersions</c> versions are kept: the least recently used one not being copied goes first.
/// </summary>
public sealed class PackageCache : IDisposable
{
    /// <summary>How many package versions a worker keeps unpacked unless told otherwise.</summary>
    public const int DefaultMaxVersions = 16;

    private const string EntrySuffix = ".d";
    private readonly string _folder;
    private readonly int _maxVersions;
    private readonly Func<string, string, CancellationToken, Task> _download;
    private readonly SemaphoreSlim _prepare = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CachedPackage> _entries = new(StringComparer.Ordinal);
    private long _clock;
    private bool _scanned;

    /// <param name="workDirectory">The worker's private folder; the cache is its <c>packages/</c>.</param>
    /// <param name="maxVersions">How many versions are kept unpacked.</param>
    /// <param name="download">Fetches a URL into a file (the worker's HTTP download unless a test gives another).</param>
    public PackageCache(string workDirectory, int maxVersions = DefaultMaxVersions, Func<string, string, CancellationToken, Task>? download = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVersions, 1);
        _folder = Path.Combine(Path.GetFullPath(workDirectory), "packages");
        _maxVersions = maxVersions;
        _download = download ?? WorkerApi.DownloadAsync;
    }

    /// <summary>Puts a fresh copy of the package into <paramref name="target"/> and returns the robot's root folder (where robot.yaml is).</summary>
    public async Task<string> ExtractAsync(AssignmentPackage package, string target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.Sha256.Length != 64 || !package.Sha256.All(char.IsAsciiHexDigit))
        {
            throw new RobotSetupException("package_error", "The assignment's package hash is malformed.");
        }

        var entry = await AcquireAsync(package, package.Sha256.ToLowerInvariant(), ct);
        try
        {
            var root = Path.GetFullPath(target);
            Directory.CreateDirectory(root);
            PackageTree.CopyTo(entry.Folder, root);
            return entry.RobotRoot.Length == 0 ? root : Path.Combine(root, entry.RobotRoot);
        }
        finally
        {
            lock (_gate)
            {
                entry.InUse--;
            }
        }
    }

    public void Dispose() => _prepare.Dispose();

    private async Task<CachedPackage> AcquireAsync(AssignmentPackage package, string hash, CancellationToken ct)
    {
        if (TryTake(hash) is { } known)
        {
            return known;
        }

        await _prepare.WaitAsync(ct);
        try
        {
            if (!_scanned)
            {
                Scan();
                _scanned = true;
            }

            // Another slot may have made it while this one waited.
            if (TryTake(hash) is { } made)
            {
                return made;
            }

            var entry = await MakeAsync(package, hash, ct);
            List<CachedPackage> evicted;
            lock (_gate)
            {
                entry.InUse = 1;
                entry.LastUsed = ++_clock;
                _entries[hash] = entry;
                evicted = _entries.Values.Where(e => e.InUse == 0).OrderBy(e => e.LastUsed).Take(_entries.Count - _maxVersions).ToList();
                foreach (var old in evicted)
                {
                    _entries.Remove(Path.GetFileName(old.Folder)[..^EntrySuffix.Length]);
                }
            }

            // Still under _prepare: a version removed here cannot be made again until its old folder is gone.
            foreach (var old in evicted)
            {
                Discard(old.Folder);
            }

            return entry;
        }
        finally
        {
            _prepare.Release();
        }
    }

    private CachedPackage? TryTake(string hash)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(hash, out var entry))
            {
                return null;
            }

            entry.InUse++;
            entry.LastUsed = ++_clock;
            return entry;
        }
    }

    /// <summary>Downloads, checks and unpacks one version into a temporary folder, then renames it into place.</summary>
    private async Task<CachedPackage> MakeAsync(AssignmentPackage package, string hash, CancellationToken ct)
    {
        Directory.CreateDirectory(_folder);
        var part = Path.Combine(_folder, $"{hash}.{Guid.NewGuid():N}.part");
        var zip = part + ".zip";
        try
        {
            try
            {
                await _download(package.DownloadUrl, zip, ct);
            }
            catch (HttpRequestException ex)
            {
                throw new RobotSetupException("package_error", $"The package could not be downloaded: {ex.Message}");
            }

            await using (var read = File.OpenRead(zip))
            {
                var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(read, ct));
                if (!string.Equals(actual, hash, StringComparison.Ordinal))
                {
                    throw new RobotSetupException("package_error", "The downloaded package does not match its SHA-256.");
                }
            }

            await PackageTree.UnpackAsync(zip, part, ct);
            var folder = Path.Combine(_folder, hash + EntrySuffix);
            Discard(folder);
            Directory.Move(part, folder);
            return new CachedPackage(folder, await File.ReadAllTextAsync(Path.Combine(folder, PackageTree.RootMarker), ct));
        }
        finally
        {
            File.Delete(zip);
            Remove(part);
        }
    }

    /// <summary>
    /// Once per life, before the first entry is made: takes the complete entries an earlier life left (oldest first,
    /// by when they were made), and removes anything else (unfinished entries, downloads, an earlier release's zips).
    /// </summary>
    private void Scan()
    {
        if (!Directory.Exists(_folder))
        {
            return;
        }

        var kept = new List<(DateTime Made, string Hash, CachedPackage Entry)>();
        foreach (var path in Directory.EnumerateFileSystemEntries(_folder))
        {
            var name = Path.GetFileName(path);
            var hash = name.EndsWith(EntrySuffix, StringComparison.Ordinal) ? name[..^EntrySuffix.Length] : string.Empty;
            var marker = Path.Combine(path, PackageTree.RootMarker);
            if (hash.Length == 64 && hash.All(char.IsAsciiHexDigit) && File.Exists(marker) && Directory.Exists(Path.Combine(path, PackageTree.FilesFolder)))
            {
                kept.Add((File.GetLastWriteTimeUtc(marker), hash, new CachedPackage(path, File.ReadAllText(marker))));
            }
            else if (Directory.Exists(path))
            {
                Remove(path);
            }
            else
            {
                File.Delete(path);
            }
        }

        foreach (var (_, hash, entry) in kept.OrderBy(k => k.Made))
        {
            entry.LastUsed = ++_clock;
            _entries[hash] = entry;
        }
    }

    /// <summary>
    /// Takes an entry out of the cache at once (renamed to a name the scan removes), then removes it: a removal that
    /// stops half-way never leaves a complete-looking entry with files missing.
    /// </summary>
    private void Discard(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var gone = Path.Combine(_folder, $"{Path.GetFileName(folder)}.{Guid.NewGuid():N}.gone");
        Directory.Move(folder, gone);
        Remove(gone);
    }

    /// <summary>Removes a folder; one left (a file cannot go) is removed by the next start's scan.</summary>
    private static void Remove(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next start.
        }
    }
}
