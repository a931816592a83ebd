using System.Collections.ObjectModel;
using System.IO.Compression;
using System.Text;
using Hangar.Core.Errors;

namespace Hangar.Core.Packages;

/// <summary>
/// Checks an uploaded robot zip before it is stored: a readable zip within <see cref="PackageLimits"/>, no entry that
/// could land outside the folder it is extracted to, and a valid <c>robot.yaml</c> at the zip's root or inside its
/// only top folder. The sizes the zip's headers declare are also proven by unpacking every entry (into nothing), so a
/// zip that lies about them is refused here rather than filling a worker's disk.
/// </summary>
public static class RobotPackageValidator
{
    public const string RobotYamlName = "robot.yaml";

    /// <summary>Folders macOS adds to zips it makes; they hold metadata only and do not count as a top folder.</summary>
    private const string MacMetadataFolder = "__MACOSX";

    private const int MaxEntryNameLength = 1024;

    /// <summary>Validates the zip in <paramref name="zip"/> (seekable, read from its start) and returns what it declares.</summary>
    public static async Task<RobotPackageInfo> ValidateAsync(Stream zip, PackageLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(limits);
        if (zip.Length > limits.MaxPackageBytes)
        {
            throw TooLarge($"The zip is {zip.Length} bytes; at most {limits.MaxPackageBytes} are accepted.");
        }

        ZipArchive archive;
        ReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            archive = await ZipArchive.CreateAsync(zip, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, ct);
            entries = archive.Entries;
        }
        catch (InvalidDataException)
        {
            throw HangarException.Invalid("invalid_zip", "The file is not a readable zip archive.");
        }

        await using (archive)
        {
            var names = CheckEntries(entries, limits);
            var root = FindRobotRoot(names);
            var robotYaml = entries[names.IndexOf(root.Length == 0 ? RobotYamlName : $"{root}/{RobotYamlName}")];
            var tasks = RobotYaml.ReadTasks(await ReadTextAsync(robotYaml, limits.MaxRobotYamlBytes, ct));
            foreach (var entry in entries)
            {
                await ProveSizeAsync(entry, ct);
            }

            return new RobotPackageInfo(root, tasks);
        }
    }

    /// <summary>Checks every entry's name and declared size; returns the names, in entry order, with '/' separators.</summary>
    private static List<string> CheckEntries(ReadOnlyCollection<ZipArchiveEntry> entries, PackageLimits limits)
    {
        if (entries.Count > limits.MaxEntries)
        {
            throw TooLarge($"The zip has {entries.Count} entries; at most {limits.MaxEntries} are accepted.");
        }

        var names = new List<string>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var paths = new CasePaths();
        long total = 0;
        foreach (var entry in entries)
        {
            var name = SafeName(entry.FullName);
            if (!seen.Add(name.TrimEnd('/')))
            {
                throw Unsafe($"The zip holds '{Shown(name)}' more than once.");
            }

            paths.Add(name);

            if (IsSymbolicLink(entry))
            {
                throw Unsafe($"'{Shown(name)}' is a symbolic link; links could point outside the robot's folder.");
            }

            total += entry.Length;
            if (total > limits.MaxUncompressedBytes)
            {
                throw TooLarge($"The zip unpacks to more than {limits.MaxUncompressedBytes} bytes.");
            }

            if (entry.Length >= limits.RatioCheckMinBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * limits.MaxCompressionRatio)
            {
                throw TooLarge($"'{Shown(name)}' unpacks to more than {limits.MaxCompressionRatio} times its packed size.");
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>The entry's name with '/' separators, or a refusal when extracting it could write outside the target folder.</summary>
    private static string SafeName(string fullName)
    {
        // Zips made on Windows sometimes use '\'; extractors on Windows treat it as a separator, so it is one here too.
        var name = fullName.Replace('\\', '/');
        if (name.Length == 0 || name.Length > MaxEntryNameLength)
        {
            throw Unsafe("The zip has an entry with an empty or overlong name.");
        }

        if (name[0] == '/' || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])))
        {
            throw Unsafe($"'{Shown(name)}' is an absolute path.");
        }

        if (name.Any(char.IsControl))
        {
            throw Unsafe($"'{Shown(name)}' has control characters in its name.");
        }

        var segments = name.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var isTrailing = i == segments.Length - 1 && segments[i].Length == 0 && i > 0;
            if (segments[i] is "." or ".." || (segments[i].Length == 0 && !isTrailing))
            {
                throw Unsafe($"'{Shown(name)}' has '.', '..' or empty parts in its path.");
            }
        }

        return name;
    }

    /// <summary>Unix mode bits in the upper half of the external attributes, as zips made on Unix carry them.</summary>
    private static bool IsSymbolicLink(ZipArchiveEntry entry) => ((entry.ExternalAttributes >> 16) & 0xF000) == 0xA000;

    private static string FindRobotRoot(List<string> names)
    {
        if (names.Contains(RobotYamlName))
        {
            return string.Empty;
        }

        var content = names.Where(n => !n.StartsWith(MacMetadataFolder + "/", StringComparison.Ordinal)).ToList();
        var tops = content.Select(n => n.Split('/')[0]).Distinct(StringComparer.Ordinal).ToList();
        if (tops.Count == 1 && content.All(n => n.Contains('/', StringComparison.Ordinal)) && names.Contains($"{tops[0]}/{RobotYamlName}"))
        {
            return tops[0];
        }

        var deeper = names.FirstOrDefault(n => n.EndsWith("/" + RobotYamlName, StringComparison.Ordinal));
        throw HangarException.Invalid("missing_robot_yaml", deeper is null
            ? "The zip has no robot.yaml: put it at the zip's root or inside the zip's only top folder."
            : $"robot.yaml must be at the zip's root or inside its only top folder; found '{Shown(deeper)}'.");
    }

    private static async Task<string> ReadTextAsync(ZipArchiveEntry entry, int maxBytes, CancellationToken ct)
    {
        if (entry.Length > maxBytes)
        {
            throw HangarException.Invalid("invalid_robot_yaml", $"robot.yaml is larger than {maxBytes} bytes.");
        }

        var buffer = new MemoryStream();
        try
        {
            await using var content = await entry.OpenAsync(ct);
            await CopyAtMostAsync(content, buffer, maxBytes, null, ct);
        }
        catch (InvalidDataException)
        {
            throw HangarException.Invalid("invalid_zip", "robot.yaml cannot be unpacked: the zip is damaged.");
        }

        if (buffer.Length > maxBytes)
        {
            throw HangarException.Invalid("invalid_robot_yaml", $"robot.yaml is larger than {maxBytes} bytes.");
        }

        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    /// <summary>
    /// Unpacks the entry into nothing, refusing it when it yields more than its header declares or when its checksum
    /// does not match (which is how an understated size shows, since the reader stops at the declared size).
    /// </summary>
    private static async Task ProveSizeAsync(ZipArchiveEntry entry, CancellationToken ct)
    {
        try
        {
            var crc = new Crc32();
            await using var content = await entry.OpenAsync(ct);
            var read = await CopyAtMostAsync(content, Stream.Null, entry.Length, crc, ct);
            if (read > entry.Length)
            {
                throw TooLarge($"'{Shown(entry.FullName)}' unpacks to more than the size its header declares.");
            }

            if (read < entry.Length || crc.Value != entry.Crc32)
            {
                throw HangarException.Invalid("invalid_zip", $"'{Shown(entry.FullName)}' does not match its checksum or size: the zip is damaged.");
            }
        }
        catch (InvalidDataException)
        {
            throw HangarException.Invalid("invalid_zip", $"'{Shown(entry.FullName)}' cannot be unpacked: the zip is damaged.");
        }
    }

    /// <summary>Copies up to <paramref name="limit"/> + 1 bytes and returns how many were copied, so "more than the limit" shows.</summary>
    private static async Task<long> CopyAtMostAsync(Stream source, Stream destination, long limit, Crc32? crc, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        while (total <= limit)
        {
            var wanted = (int)Math.Min(buffer.Length, limit + 1 - total);
            var read = await source.ReadAsync(buffer.AsMemory(0, wanted), ct);
            if (read == 0)
            {
                break;
            }

            crc?.Append(buffer.AsSpan(0, read));
            await destination.WriteAsync(buffer.AsMemory(0, read), ct);
            total += read;
        }

        return total;
    }

    private static string Shown(string name) => name.Length <= 120 ? name : name[..120] + "...";

    private static HangarException TooLarge(string message) => HangarException.Invalid("zip_too_large", message);

    private static HangarException Unsafe(string message) => HangarException.Invalid("unsafe_zip_entry", message);
}
