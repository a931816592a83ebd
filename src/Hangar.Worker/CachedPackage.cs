namespace Hangar.Worker;

/// <summary>One unpacked package version in the worker's cache, and how many step runs are copying it now.</summary>
internal sealed class CachedPackage(string folder, string robotRoot)
{
    /// <summary>The entry's folder (<c>packages/&lt;sha256&gt;.d</c>).</summary>
    public string Folder { get; } = folder;

    /// <summary>Where robot.yaml is inside the package ("" for its top).</summary>
    public string RobotRoot { get; } = robotRoot;

    /// <summary>Step runs copying it now: an entry in use is never removed to keep the cache's bound.</summary>
    public int InUse { get; set; }

    /// <summary>When it was last asked for, on the cache's own clock (the least recently used goes first).</summary>
    public long LastUsed { get; set; }
}
