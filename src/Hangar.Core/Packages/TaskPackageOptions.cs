namespace Hangar.Core.Packages;

/// <summary>How uploads of task packages are handled: the zip's limits and where an upload waits while it is checked.</summary>
public sealed class TaskPackageOptions
{
    public PackageLimits Limits { get; init; } = new();

    /// <summary>
    /// A local folder for uploads being checked (a zip must be seekable to be read). The server uses its data
    /// directory, so a large upload does not fill a small /tmp.
    /// </summary>
    public string SpoolDirectory { get; init; } = Path.GetTempPath();
}
