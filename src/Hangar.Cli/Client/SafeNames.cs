namespace Hangar.Cli.Client;

/// <summary>
/// File names from the server made safe to write: a robot chose them, so a name may hold <c>..</c>, an absolute path,
/// a drive, or characters a file system refuses. Nothing they name lands outside the chosen folder.
/// </summary>
internal static class SafeNames
{
    private static readonly char[] Separators = ['/', '\\'];

    /// <summary>A relative path of safe segments for <paramref name="name"/>; <paramref name="fallback"/> when nothing safe is left.</summary>
    public static string RelativePath(string name, string fallback)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var segments = name.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => new string(s.Select(c => char.IsControl(c) || invalid.Contains(c) || c == ':' ? '_' : c).ToArray()).Trim())
            .Where(s => s.Length > 0 && s.Trim('.').Length > 0)
            .Select(s => s.Length > 200 ? s[..200] : s)
            .ToList();
        return segments.Count == 0 ? fallback : Path.Combine([.. segments]);
    }

    /// <summary><paramref name="relative"/> under <paramref name="root"/>; throws if it would leave it (it cannot, after <see cref="RelativePath"/>).</summary>
    public static string Inside(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"'{relative}' would be written outside {root}.");
    }
}
