namespace Hangar.Worker;

/// <summary>
/// Whether the worker runs tasks through <c>rcc</c> (flag <c>--rcc</c>, env <c>HANGAR_WORKER_RCC</c>): <c>auto</c>
/// (the default: the <c>rcc</c> on the worker's PATH, when there is one), <c>never</c>, or the path of an rcc
/// executable. Either way rcc is used only for packages that have a conda.yaml; the others run their command directly.
/// </summary>
public sealed class RccOption
{
    public const string EnvironmentVariable = "HANGAR_WORKER_RCC";

    private RccOption(bool disabled, string? executable)
    {
        Disabled = disabled;
        Executable = executable;
    }

    public static RccOption Auto { get; } = new(false, null);

    public static RccOption Never { get; } = new(true, null);

    /// <summary>True for <c>never</c>: packages always run their command directly.</summary>
    public bool Disabled { get; }

    /// <summary>The configured rcc executable; null to look for <c>rcc</c> on the PATH.</summary>
    public string? Executable { get; }

    /// <summary>
    /// The PATH to look for <c>rcc</c> on; null (the default) for the worker's own PATH, read at each step run so an rcc
    /// installed while the worker runs is found.
    /// </summary>
    public string? SearchPath { get; init; }

    /// <summary>Reads the setting; throws <see cref="FormatException"/> with a readable message for a path that is no file.</summary>
    public static RccOption Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return Auto;
        }

        if (text.Equals("never", StringComparison.OrdinalIgnoreCase))
        {
            return Never;
        }

        var full = Path.GetFullPath(text);
        return File.Exists(full)
            ? new RccOption(false, full)
            : throw new FormatException($"rcc must be 'auto', 'never' or the path of the rcc executable; there is no file '{full}'.");
    }

    /// <summary>The same setting, looking for <c>rcc</c> on <paramref name="searchPath"/> instead of the worker's PATH.</summary>
    public RccOption LookingIn(string searchPath) => new(Disabled, Executable) { SearchPath = searchPath };

    /// <summary>The rcc to run, or null when rcc is turned off or not found.</summary>
    public string? Find()
    {
        if (Disabled)
        {
            return null;
        }

        if (Executable is not null)
        {
            return File.Exists(Executable) ? Executable : null;
        }

        string[] names = OperatingSystem.IsWindows() ? ["rcc.exe", "rcc.cmd", "rcc.bat"] : ["rcc"];
        var path = SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                        || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public override string ToString() => Disabled ? "never" : Executable ?? "auto";
}
