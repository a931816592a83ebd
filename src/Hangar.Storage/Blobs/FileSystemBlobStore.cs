using System.Security.Cryptography;
using Hangar.Core.Storage;

namespace Hangar.Storage.Blobs;

/// <summary>
/// Blobs as files under one folder (the data directory's <c>blobs</c> by default). A put writes a temporary file in
/// <c>.tmp</c> beside the blobs (same filesystem) and renames it into place, so a reader sees the old blob or the whole
/// new one, and a failed put leaves nothing behind. Keys are checked by <see cref="BlobKeys"/> and the resolved path is
/// checked again to lie inside the folder.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string TempFolder = ".tmp";
    private const int BufferSize = 81920;
    private readonly string _root;

    public FileSystemBlobStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    public async Task<BlobInfo> PutAsync(string key, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var tempDirectory = Path.Combine(_root, TempFolder);
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $"{Guid.NewGuid():N}.part");
        try
        {
            long size = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }

                // On disk before the rename makes it visible: a crash must not leave a blob of zeros under a real key.
                file.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temp, path);
            return new BlobInfo(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            // After a successful move the temp file is gone and this does nothing.
            File.Delete(temp);
        }
    }

    public Task<BlobContent?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult<BlobContent?>(new BlobContent(stream, stream.Length));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<BlobContent?>(null);
        }
    }

    public Task CheckAsync(CancellationToken ct)
    {
        // Every put goes through the temp folder: if it can be made (or is there), puts can start.
        var tempDirectory = Path.Combine(_root, TempFolder);
        Directory.CreateDirectory(tempDirectory);
        if (!Directory.Exists(tempDirectory))
        {
            throw new IOException($"the blob folder {_root} cannot be used");
        }

        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        // File.Delete does nothing for a missing file; a missing folder is "no blob" too (another node may have
        // deleted the same blob, and its folder, a moment ago).
        var path = PathOf(key);
        try
        {
            File.Delete(path);
            RemoveIfEmpty(Path.GetDirectoryName(path)!);
        }
        catch (DirectoryNotFoundException)
        {
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(_root))
        {
            yield break;
        }

        var files = new DirectoryInfo(_root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            // The temp folder's spooled parts and anything else that is not a key (it starts with a dot) are not blobs.
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (!BlobKeys.IsValid(key))
            {
                continue;
            }

            StoredBlob blob;
            try
            {
                blob = new StoredBlob(key, file.Length, file.LastWriteTimeUtc);
            }
            catch (FileNotFoundException)
            {
                // Deleted since the folder was read.
                continue;
            }

            yield return blob;
        }

        await Task.CompletedTask;
    }

    /// <summary>
    /// Removes a blob's folder once its last blob is gone (artifacts and item files have a folder per step run or item):
    /// retention would otherwise leave one empty folder behind per deleted step run.
    /// </summary>
    private void RemoveIfEmpty(string folder)
    {
        if (folder.Length <= _root.Length || Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return;
        }

        try
        {
            Directory.Delete(folder);
        }
        catch (IOException ex) when (ex is not DirectoryNotFoundException)
        {
            // A blob arrived meanwhile (the folder is not empty any more): it stays.
        }
    }

    private static void MoveIntoPlace(string temp, string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder's last blob was deleted, and the folder with it, between creating and moving: once more.
            Directory.CreateDirectory(folder);
            File.Move(temp, path, overwrite: true);
        }
    }

    private string PathOf(string key)
    {
        BlobKeys.Checked(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' resolves outside the blob folder.", nameof(key));
        }

        return path;
    }
}
