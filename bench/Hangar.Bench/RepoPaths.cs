namespace Hangar.Bench;

/// <summary>Finds the repository root (the folder holding Hangar.slnx) and the built server in it.</summary>
internal static class RepoPaths
{
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hangar.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary><paramref name="given"/> if set, else the Release build, else the Debug build under the repository root.</summary>
    public static string FindHangarDll(string? given, string? root)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new BenchException($"--hangar: there is no file '{full}'.");
        }

        if (root is null)
        {
            throw new BenchException("cannot find the repository root (no Hangar.slnx above the current directory); give --hangar PATH.");
        }

        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var candidate = Path.Combine(root, "src", "Hangar.Cli", "bin", configuration, "net10.0", "hangar.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new BenchException(
            "no built server under src/Hangar.Cli/bin/{Release,Debug}/net10.0/hangar.dll; run 'dotnet build -c Release src/Hangar.Cli' or give --hangar PATH.");
    }
}
