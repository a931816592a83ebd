using System.IO.Compression;
using Hangar.Core.Errors;
using Hangar.Core.Packages;

namespace Hangar.Worker;

/// <summary>
/// A package version unpacked once into the worker's private cache, and the copies step runs get of it. The robot only
/// ever sees a copy: it is untrusted code, and a hard link would let it change (or, once its folder is handed to the
/// robot user, own) the cached file every later run starts from.
/// </summary>
internal static class PackageTree
{
    /// <summary>The file in an entry's folder that names the robot's root inside the package; written last, so an entry without it is unfinished.</summary>
    public const string RootMarker = "robot-root";

    /// <summary>The folder of an entry that holds the package's files.</summary>
    public const string FilesFolder = "files";

    /// <summary>
    /// Validates the zip with the server's own package rules (no absolute paths, no '..', no links) and unpacks it into
    /// <paramref name="entry"/>'s <see cref="FilesFolder"/>; writes the <see cref="RootMarker"/> last.
    /// </summary>
    public static async Task UnpackAsync(string zip, string entry, CancellationToken ct)
    {
        await using var stream = File.OpenRead(zip);
        RobotPackageInfo info;
        try
        {
            info = await RobotPackageValidator.ValidateAsync(stream, new PackageLimits { MaxPackageBytes = long.MaxValue }, ct);
        }
        catch (HangarException ex)
        {
            throw new RobotSetupException("package_error", $"The robot package is not usable: {ex.Message}");
        }

        stream.Position = 0;
        var root = Path.GetFullPath(Path.Combine(entry, FilesFolder));
        Directory.CreateDirectory(root);
        await using (var archive = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct))
        {
            foreach (var item in archive.Entries)
            {
                var name = item.FullName.Replace('\\', '/');
                var destination = Path.GetFullPath(Path.Combine(root, name));
                if (!destination.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new RobotSetupException("package_error", $"The zip entry '{name}' points outside the robot's folder.");
                }

                if (name.EndsWith('/'))
                {
                    Directory.CreateDirectory(destination);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await item.ExtractToFileAsync(destination, overwrite: false, ct);
                var mode = (UnixFileMode)((item.ExternalAttributes >> 16) & 0x1FF);
                if (!OperatingSystem.IsWindows() && mode != UnixFileMode.None)
                {
                    // Keep the executable bits zips made on Unix carry, so scripts in the robot can be run; never more than the owner's rights.
                    File.SetUnixFileMode(destination, (mode & (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) | UnixFileMode.UserRead);
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(entry, RootMarker), info.RobotRoot, ct);
    }

    /// <summary>Copies the unpacked files of <paramref name="entry"/> into <paramref name="target"/>, keeping each file's and folder's mode.</summary>
    public static void CopyTo(string entry, string target)
    {
        var source = Path.Combine(entry, FilesFolder);
        var pending = new Stack<(string From, string To)>();
        pending.Push((source, target));
        while (pending.TryPop(out var folder))
        {
            foreach (var info in new DirectoryInfo(folder.From).EnumerateFileSystemInfos())
            {
                var destination = Path.Combine(folder.To, info.Name);
                if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    // The worker unpacks no links; one found here was not made by it and is not followed.
                    continue;
                }

                if (info is DirectoryInfo)
                {
                    if (OperatingSystem.IsWindows())
                    {
                        Directory.CreateDirectory(destination);
                    }
                    else
                    {
                        Directory.CreateDirectory(destination, info.UnixFileMode);
                    }

                    pending.Push((info.FullName, destination));
                }
                else
                {
                    // File.Copy keeps the source's permission bits on Unix.
                    File.Copy(info.FullName, destination, overwrite: false);
                }
            }
        }
    }
}
