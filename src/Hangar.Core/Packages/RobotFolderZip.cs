using System.IO.Compression;
using Hangar.Core.Errors;

namespace Hangar.Core.Packages;

/// <summary>
/// Zips a robot's folder as <c>rcc robot wrap</c> and <c>rcc cloud push</c> do: every file under the folder, at the
/// zip's root (robot.yaml first-level), folders walked in name order, leaving out what robot.yaml's
/// <c>ignoreFiles</c> patterns match (<see cref="IgnorePattern"/>) and what rcc always leaves out (<see cref="AlwaysIgnored"/>).
/// Files named <c>hololib.zip</c> go in even when a pattern matches them, as with rcc.
/// </summary>
public static class RobotFolderZip
{
    /// <summary>What rcc never packs: version control, its own files, and the usual output and cache folders.</summary>
    public static readonly IReadOnlyList<string> AlwaysIgnored = [".git", ".rpa", "rcc", "output/", "temp/", "tmp/", "__pycache__", "__MACOSX"];

    private const string ForcedName = "hololib.zip";

    /// <summary>
    /// Writes the zip of <paramref name="folder"/> to <paramref name="destination"/> and returns the entry names in zip
    /// order. Refuses (<c>missing_robot_yaml</c>, <c>invalid_robot_yaml</c>) a folder without a robot.yaml or whose
    /// ignore files are missing; whether the zip is acceptable is <see cref="RobotPackageValidator"/>'s to say.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(string folder, Stream destination, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(destination);
        var root = Path.GetFullPath(folder);
        var robotYaml = Path.Combine(root, RobotPackageValidator.RobotYamlName);
        if (!File.Exists(robotYaml))
        {
            throw HangarException.Invalid("missing_robot_yaml", $"{root} has no robot.yaml; a robot's folder holds robot.yaml at its top.");
        }

        var patterns = AlwaysIgnored.Select(p => new IgnorePattern(p)).ToList();
        foreach (var ignoreFile in RobotYaml.ReadIgnoreFiles(await File.ReadAllTextAsync(robotYaml, ct)))
        {
            var path = Path.Combine(root, ignoreFile);
            if (!File.Exists(path))
            {
                throw HangarException.Invalid("invalid_robot_yaml", $"robot.yaml's ignoreFiles names '{ignoreFile}', which is not a file in the robot's folder.");
            }

            patterns.AddRange(IgnorePattern.ParseFile(await File.ReadAllTextAsync(path, ct)));
        }

        var names = new List<string>();
        await using var zip = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
        await AddFolderAsync(zip, new DirectoryInfo(root), "", patterns, names, ct);
        return names;
    }

    private static async Task AddFolderAsync(ZipArchive zip, DirectoryInfo folder, string prefix, List<IgnorePattern> patterns, List<string> names,
        CancellationToken ct)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            // A link to a folder is not followed (it could lead anywhere, or back up the tree); a link to a file
            // goes in with the content it points at, as rcc packs it.
            var isLink = entry.LinkTarget is not null;
            var isFolder = entry is DirectoryInfo && !isLink;
            var forced = !isFolder && entry.Name == ForcedName;
            if (!forced && patterns.Any(p => p.Matches(entry.Name, isFolder)))
            {
                continue;
            }

            var name = prefix + entry.Name;
            if (isFolder)
            {
                await AddFolderAsync(zip, (DirectoryInfo)entry, name + "/", patterns, names, ct);
            }
            else if (entry is FileInfo file && (!isLink || File.ResolveLinkTarget(file.FullName, returnFinalTarget: true) is FileInfo { Exists: true }))
            {
                await AddFileAsync(zip, file, name, ct);
                names.Add(name);
            }
        }
    }

    private static async Task AddFileAsync(ZipArchive zip, FileInfo file, string name, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = file.LastWriteTime;
        if (!OperatingSystem.IsWindows())
        {
            // A regular file with its permissions, so that an executable script stays executable where it is unpacked.
            entry.ExternalAttributes = (0x8000 | (int)File.GetUnixFileMode(file.FullName)) << 16;
        }

        await using var source = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
        await using var target = await entry.OpenAsync(ct);
        await source.CopyToAsync(target, ct);
    }
}
