using Hangar.Core.Errors;

namespace Hangar.Core.Packages;

/// <summary>
/// The paths a zip's entries unpack to, compared as Windows and macOS compare them (ignoring case). Two entries that
/// differ only in case ('Main.py' and 'main.py', or a file 'Lib' and a folder 'lib/') are one path there: one would
/// overwrite the other, or the unpacking would fail, depending on the machine. Such a zip is refused everywhere.
/// </summary>
internal sealed class CasePaths
{
    // Each path as the zip first spelled it, keyed ignoring case: the files, and the folders (named or implied by a deeper entry).
    private readonly Dictionary<string, string> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _folders = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds an entry's name ('/' separators; a folder ends with '/'); refuses one that clashes with an earlier entry.</summary>
    public void Add(string name)
    {
        var isFolder = name.EndsWith('/');
        var path = name.TrimEnd('/');
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            Claim(path[..slash], asFolder: true);
        }

        Claim(path, isFolder);
    }

    private void Claim(string path, bool asFolder)
    {
        var (mine, others) = asFolder ? (_folders, _files) : (_files, _folders);
        if (others.TryGetValue(path, out var other))
        {
            throw other == path
                ? HangarException.Invalid("unsafe_zip_entry", $"'{Shown(path)}' is both a file and a folder in the zip.")
                : Conflict(other, path);
        }

        if (mine.TryGetValue(path, out var earlier))
        {
            if (earlier != path)
            {
                throw Conflict(earlier, path);
            }

            return;
        }

        mine.Add(path, path);
    }

    private static HangarException Conflict(string first, string second) =>
        HangarException.Invalid("zip_entry_case_conflict",
            $"'{Shown(first)}' and '{Shown(second)}' differ only in case: on Windows and macOS one would overwrite the other. Rename one of them.");

    private static string Shown(string name) => name.Length <= 120 ? name : name[..120] + "...";
}
