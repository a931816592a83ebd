using Hangar.Core.Platform;

namespace Hangar.Worker;

/// <summary>
/// The files of a robot's artifacts folder, read by the worker after the robot ended. The robot made that folder, so
/// it may have planted links to files it cannot read itself (the worker's credential, the server's data) or FIFOs
/// that block a reader: links are never followed, a file is opened without blocking and kept only when it is a regular
/// file, and a file whose real path (read after the open, so a swap in between changes nothing) lies outside the
/// folder is skipped.
/// </summary>
internal sealed class ArtifactFiles
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
    };

    private readonly string _folder;
    private readonly string? _realFolder;

    public ArtifactFiles(string folder)
    {
        _folder = Path.GetFullPath(folder);
        _realFolder = RealPath(_folder);
    }

    /// <summary>The files below the folder, with their names relative to it ('/'-separated); none when the folder is a link.</summary>
    public IEnumerable<(string Name, string Path)> List()
    {
        if (_realFolder is null)
        {
            return [];
        }

        return Directory.EnumerateFiles(_folder, "*", Walk).Select(file => (Path.GetRelativePath(_folder, file).Replace('\\', '/'), file));
    }

    /// <summary>Opens an artifact for reading, or null when it is not a file inside the folder.</summary>
    public FileStream? Open(string file)
    {
        if (!Posix.IsSupported)
        {
            return new FileInfo(file).LinkTarget is null ? File.OpenRead(file) : null;
        }

        var handle = Posix.OpenNoFollow(file);
        if (handle is null)
        {
            return null;
        }

        var real = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
        if (_realFolder is null || real is null || !real.StartsWith(_realFolder + "/", StringComparison.Ordinal))
        {
            handle.Dispose();
            return null;
        }

        var stream = new FileStream(handle, FileAccess.Read);
        if (!stream.CanSeek)
        {
            // A FIFO, a socket or a device: not an artifact (a regular file can always seek).
            stream.Dispose();
            return null;
        }

        return stream;
    }

    /// <summary>Where a folder really is (every link on the way resolved), or null when it is itself a link or gone.</summary>
    private static string? RealPath(string folder)
    {
        if (!Posix.IsSupported)
        {
            return Directory.Exists(folder) ? folder : null;
        }

        using var handle = Posix.OpenNoFollow(folder);
        return handle is null ? null : Path.TrimEndingDirectorySeparator(new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget ?? folder);
    }
}
