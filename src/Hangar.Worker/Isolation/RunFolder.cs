namespace Hangar.Worker.Isolation;

/// <summary>
/// The folder of one step run attempt: <c>robot/</c> (the unpacked package), <c>home/</c> (the robot's HOME) and
/// <c>tmp/</c> (its temporary files; /tmp in a sandbox). Each attempt starts from an empty folder.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string root) => Root = root;

    public string Root { get; }
    public string Robot => Path.Combine(Root, "robot");
    public string Home => Path.Combine(Root, "home");
    public string Temp => Path.Combine(Root, "tmp");

    /// <summary>Makes the folder of <paramref name="stepRunId"/> in <paramref name="runsDirectory"/>, removing what an earlier attempt left.</summary>
    public static RunFolder Create(string runsDirectory, string stepRunId)
    {
        var folder = new RunFolder(Path.Combine(Path.GetFullPath(runsDirectory), stepRunId));
        if (Directory.Exists(folder.Root))
        {
            Directory.Delete(folder.Root, recursive: true);
        }

        foreach (var path in new[] { folder.Root, folder.Robot, folder.Home, folder.Temp })
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return folder;
    }

    /// <summary>Removes the folder; a leftover (a file held by a process that escaped the kill) is cleaned by the next attempt.</summary>
    public void TryDelete()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next attempt of the same step run, or the next start of the worker.
        }
    }
}
