namespace Hangar.Server.Hosting;

/// <summary>
/// The data directory holds the server's secrets (master key, database, the embedded worker's credential, blobs): it
/// is readable by the server's user only, 0700 with files 0600. A new one is made so; an existing one that is looser
/// is tightened at start, with everything in it. Files made later are 0600 through the process umask (Program.cs).
/// </summary>
public static class DataDirectory
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates or tightens the directory; returns what was tightened (for the log), or null when nothing was.</summary>
    public static string? Secure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return null;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyFolder);
            return null;
        }

        var was = File.GetUnixFileMode(path);
        if ((was & ~OwnerOnlyFolder) == 0)
        {
            // Already private: nothing inside can be reached by anyone else, so the files are not walked at every start.
            return null;
        }

        File.SetUnixFileMode(path, OwnerOnlyFolder);
        var files = 0;
        var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", all))
        {
            var folder = Directory.Exists(entry);
            var mode = File.GetUnixFileMode(entry);
            var tight = folder ? OwnerOnlyFolder : OwnerOnlyFile;
            if ((mode & ~tight) != 0)
            {
                File.SetUnixFileMode(entry, mode & tight);
                files++;
            }
        }

        return $"The data directory {path} was readable by others (mode {Octal(was)}): it is now 0700, and {files} file(s) and folder(s) in it "
               + "were made readable by their owner only.";
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
