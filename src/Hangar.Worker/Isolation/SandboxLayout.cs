namespace Hangar.Worker.Isolation;

/// <summary>
/// What a robot sees inside its bubblewrap sandbox: the system folders read-only, its own run folder writable (at the
/// same path, so every path it is told stays true), that folder's <c>tmp/</c> as /tmp, a fresh /proc of its own PID
/// namespace, a minimal /dev, and nothing else. Hangar's private folders (data directory, worker folder and
/// credential, the program's own folder with its appsettings) are covered wherever they lie under a system folder.
/// The network stays shared: robots call APIs.
/// </summary>
public sealed class SandboxLayout
{
    /// <summary>The system folders shared read-only (those that exist; merged-/usr links stay links).</summary>
    public static readonly IReadOnlyList<string> SystemFolders =
        ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt"];

    /// <summary>Where resolvers keep the file /etc/resolv.conf may link to: shared read-only when present, for DNS.</summary>
    private static readonly IReadOnlyList<string> ResolverFolders = ["/run/systemd/resolve", "/run/resolvconf"];

    private readonly List<(string Path, string? LinkTarget)> _shared = [];
    private readonly List<(string Path, bool IsFile)> _covered = [];

    /// <param name="readOnly">Folders shared read-only besides the system ones.</param>
    /// <param name="privatePaths">Files and folders a robot must never see.</param>
    public SandboxLayout(IEnumerable<string> readOnly, IEnumerable<string> privatePaths)
    {
        foreach (var path in SystemFolders.Concat(ResolverFolders).Concat(readOnly).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target)
            {
                _shared.Add((path, target));
            }
            else if (info.Exists)
            {
                _shared.Add((path, null));
            }
        }

        foreach (var path in privatePaths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            // What does not exist needs no cover (and a read-only share has no room for a mount point).
            if ((File.Exists(path) || Directory.Exists(path)) && _shared.Any(s => s.LinkTarget is null && IsWithin(path, s.Path)))
            {
                _covered.Add((path, File.Exists(path)));
            }
        }
    }

    /// <summary>Whether a robot in the sandbox sees <paramref name="folder"/> (for looking up programs on its PATH).</summary>
    public bool Shows(string folder, RunFolder run)
    {
        var full = Path.GetFullPath(folder);
        if (IsWithin(full, run.Root))
        {
            return true;
        }

        return !_covered.Any(c => IsWithin(full, c.Path)) && _shared.Any(s => IsWithin(full, s.Path));
    }

    /// <summary>bubblewrap's options for <paramref name="launch"/>, up to (not including) the <c>--</c> before the command.</summary>
    public List<string> Options(RobotLaunch launch, bool unprivileged, bool switchesUser)
    {
        List<string> args =
        [
            "--die-with-parent", "--new-session",
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        ];
        if (unprivileged)
        {
            // A user namespace is what lets an unprivileged bwrap work; robots may not make nested ones.
            args.AddRange(["--unshare-user", "--disable-userns"]);
        }

        foreach (var (path, target) in _shared)
        {
            args.AddRange(target is null ? ["--ro-bind", path, path] : ["--symlink", target, path]);
        }

        foreach (var (path, isFile) in _covered)
        {
            args.AddRange(isFile ? ["--ro-bind", "/dev/null", path] : ["--tmpfs", path]);
        }

        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        // /tmp first: a run folder that lies under /tmp (a work directory there) is then bound on top of it, not hidden by it.
        args.AddRange(["--bind", launch.Folder.Temp, "/tmp"]);
        Bind(args, "--bind", launch.Folder.Root);
        foreach (var file in launch.ReadOnlyFiles)
        {
            Bind(args, "--ro-bind", file);
        }

        foreach (var folder in launch.WritableFolders)
        {
            Bind(args, "--bind", folder);
        }

        args.AddRange(["--chdir", launch.WorkingDirectory]);
        if (switchesUser)
        {
            // bwrap runs as root here: setpriv inside needs these two to become the robot user, and then drops every capability.
            args.AddRange(["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]);
        }

        return args;
    }

    /// <summary>
    /// Binds <paramref name="path"/> at its own path. The folders on the way that the sandbox has to make (under /root,
    /// say) must let the robot's user pass whatever the worker's umask: 0711, so it reaches the path but lists nothing
    /// on the way. (Folders on the way that exist in the sandbox already stay as they are.)
    /// </summary>
    private static void Bind(List<string> args, string kind, string path)
    {
        foreach (var ancestor in Ancestors(path))
        {
            args.AddRange(["--perms", "0711", "--dir", ancestor]);
        }

        args.AddRange([kind, path, path]);
    }

    /// <summary>The folders above <paramref name="path"/>, top first, without '/'.</summary>
    private static List<string> Ancestors(string path)
    {
        var ancestors = new List<string>();
        for (var dir = Path.GetDirectoryName(path); dir is { Length: > 1 }; dir = Path.GetDirectoryName(dir))
        {
            ancestors.Add(dir);
        }

        ancestors.Reverse();
        return ancestors;
    }

    internal static bool IsWithin(string path, string folder)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(folder);
        return path.Equals(trimmed, StringComparison.Ordinal)
               || path.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal)
               || trimmed == "/";
    }
}
