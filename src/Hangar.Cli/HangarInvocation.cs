using Hangar.Core.Platform;

namespace Hangar.Cli;

/// <summary>
/// Works out once how the user started this <c>hangar</c> (<see cref="Current"/>), for every hint it prints: the name
/// <c>hangar</c> when the PATH finds this executable; <c>dotnet run --project DIR --</c> when <c>dotnet run</c> started
/// it; else the executable's full path (with <c>dotnet</c> before it when it runs as <c>dotnet hangar.dll</c>).
/// </summary>
internal static class HangarInvocation
{
    private static readonly Lazy<HangarCommand> Detected = new(Detect);

    public static HangarCommand Current => Detected.Value;

    /// <summary>Shorthand for <c>Current.Format(command)</c>: the hint's <c>hangar …</c> command as it runs here.</summary>
    public static string Hint(string command) => Current.Format(command);

    private static HangarCommand Detect()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is null)
        {
            return HangarCommand.OnPath;
        }

        // 'dotnet hangar.dll': the process is dotnet, and this hangar is the assembly (its apphost, when built, is beside it).
        var hostedByDotnet = IsDotnet(processPath);
        var executable = hostedByDotnet ? Path.Combine(AppContext.BaseDirectory, ExecutableName) : processPath;
        if (FindOnPath(ExecutableName) is { } onPath && SameFile(onPath, executable))
        {
            return HangarCommand.OnPath;
        }

        if (StartedByDotnetRun() && ProjectFolder() is { } project)
        {
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, project);
            return new HangarCommand(relative == "." ? "dotnet run --" : $"dotnet run --project {Quote(relative)} --");
        }

        if (!hostedByDotnet)
        {
            return new HangarCommand(Quote(processPath));
        }

        var dotnet = FindOnPath(Path.GetFileName(processPath)) is { } dotnetOnPath && SameFile(dotnetOnPath, processPath) ? "dotnet" : Quote(processPath);
        return new HangarCommand($"{dotnet} {Quote(Path.Combine(AppContext.BaseDirectory, HangarCommand.Name + ".dll"))}");
    }

    private static string ExecutableName => OperatingSystem.IsWindows() ? HangarCommand.Name + ".exe" : HangarCommand.Name;

    private static bool IsDotnet(string path) =>
        string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first file named <paramref name="name"/> the shell would find on the PATH, or null.</summary>
    private static string? FindOnPath(string name)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                var candidate = Path.Combine(Path.GetFullPath(folder), name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
            {
                // A PATH entry that is not a usable folder is skipped, as the shell skips it.
            }
        }

        return null;
    }

    /// <summary>Whether two paths name one file, links followed (a PATH entry is often a link to the real executable).</summary>
    private static bool SameFile(string a, string b)
    {
        try
        {
            return string.Equals(RealPath(a), RealPath(b), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
    }

    /// <summary>
    /// Whether the parent process is <c>dotnet run</c>, which builds the project and starts its executable as a child.
    /// Read from /proc: elsewhere it answers false and hints name the executable's full path, which works as well.
    /// </summary>
    private static bool StartedByDotnetRun()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // /proc/self/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            var arguments = File.ReadAllText($"/proc/{parent}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            return arguments.Length > 1 && IsDotnet(arguments[0]) && arguments.Skip(1).FirstOrDefault(a => !a.StartsWith('-')) == "run";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>The project folder this executable was built from (its output is bin/CONFIGURATION/TFM below it), or null.</summary>
    private static string? ProjectFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        for (var i = 0; i < 5 && folder is not null; i++, folder = folder.Parent)
        {
            if (folder.EnumerateFiles("*.csproj").Any())
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>A word as a POSIX shell reads it back: as is when it is plain, else in double quotes.</summary>
    private static string Quote(string word) =>
        word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c, StringComparison.Ordinal))
            ? word
            : "\"" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
                       .Replace("$", "\\$", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "\"";
}
