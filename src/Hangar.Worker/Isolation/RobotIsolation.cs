using System.Diagnostics;
using Hangar.Core.Platform;

namespace Hangar.Worker.Isolation;

/// <summary>
/// How this worker keeps robots away from itself, chosen once at start (<see cref="ChooseAsync"/>) and applied to every
/// robot: where its folder goes, who owns it, and the command line that starts it. Robots are untrusted code: whatever
/// a robot can read, everyone who may upload a package can read. Whatever the level, the robot and the program that
/// launches it get only the robot's own environment, never the worker's.
/// </summary>
public sealed class RobotIsolation
{
    /// <summary>Where robots' folders go when they run as another user without a sandbox: a path that user can reach.</summary>
    public const string SharedRobotsRoot = "/var/lib/hangar-robots";

    private readonly string? _bubblewrap;
    private readonly string? _setpriv;
    private readonly SandboxLayout? _layout;

    private RobotIsolation(IsolationLevel level, RobotAccount? account, string? bubblewrap, string? setpriv, SandboxLayout? layout)
    {
        Level = level;
        Account = account;
        _bubblewrap = bubblewrap;
        _setpriv = setpriv;
        _layout = layout;
    }

    /// <summary>A clean environment only, as the worker's user.</summary>
    public static RobotIsolation EnvironmentOnly { get; } = new(IsolationLevel.EnvironmentOnly, null, null, null, null);

    public IsolationLevel Level { get; }

    /// <summary>The user robots run as; null when they run as the worker's own user.</summary>
    public RobotAccount? Account { get; }

    /// <summary>One line for the worker's log: what robots get.</summary>
    public string Description => Level switch
    {
        IsolationLevel.Sandbox when Account is { } user => $"sandbox (bubblewrap), robots run as '{user.Name}'",
        IsolationLevel.Sandbox => "sandbox (bubblewrap)",
        IsolationLevel.SeparateUser => $"separate user: robots run as '{Account!.Name}' (no sandbox; install bubblewrap for one: apt-get install bubblewrap)",
        _ => "environment only",
    };

    /// <summary>
    /// Picks the best isolation this machine offers, or the one <paramref name="option"/> requires (then throws
    /// <see cref="IsolationUnavailableException"/> when it is missing). Warns on <paramref name="log"/> when robots get
    /// only a clean environment, naming the fix.
    /// </summary>
    /// <param name="privatePaths">Files and folders robots must never see (data directory, worker folder and credential).</param>
    /// <param name="workDirectory">The worker's folder, where a trial robot is started to check that the isolation works.</param>
    /// <param name="workerId">The worker's id (robots' folders of a worker go in a folder of their own).</param>
    public static async Task<RobotIsolation> ChooseAsync(IsolationOption option, IReadOnlyList<string> privatePaths, string workDirectory,
        string workerId, TextWriter log, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(log);
        var required = option.Required;
        if (required == IsolationLevel.EnvironmentOnly)
        {
            await log.WriteLineAsync("hangar worker: WARNING: --isolation none: robots run as this worker's user with a clean environment only, "
                                     + "and can read every file it can.");
            return EnvironmentOnly;
        }

        var problems = new List<string>();
        if (!Posix.IsSupported)
        {
            problems.Add("sandboxes and robot users need Linux");
            return Fallback(required, problems, log);
        }

        var root = Posix.EffectiveUserId == 0;
        RobotAccount? account = null;
        var setpriv = FindProgram("setpriv");
        if (root)
        {
            string? problem;
            (account, problem) = await RobotAccount.EnsureAsync(option.RobotUser, log, ct);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (setpriv is null)
            {
                problems.Add("setpriv (util-linux) is missing, so robots cannot be started as another user");
                account = null;
            }
        }

        if (required is null or IsolationLevel.Sandbox)
        {
            var bubblewrap = FindProgram("bwrap");
            if (bubblewrap is null)
            {
                problems.Add("bubblewrap is not installed (apt-get install bubblewrap)");
            }
            else
            {
                // A root worker without a robot user still sandboxes: root inside, without capabilities, beats root outside.
                var layout = new SandboxLayout(option.SandboxReadOnly, privatePaths);
                var sandbox = new RobotIsolation(IsolationLevel.Sandbox, account, bubblewrap, setpriv, layout);
                if (await sandbox.TryAsync(sandbox.RobotsRoot(workDirectory, workerId), ct) is { } failure)
                {
                    problems.Add($"bubblewrap cannot make a sandbox here: {failure}");
                }
                else
                {
                    if (problems.Count > 0)
                    {
                        await log.WriteLineAsync($"hangar worker: WARNING: robots run as root (without capabilities) inside the sandbox: {string.Join("; ", problems)}.");
                    }

                    return sandbox;
                }
            }
        }

        if ((required is null || required == IsolationLevel.SeparateUser) && account is not null)
        {
            var separate = new RobotIsolation(IsolationLevel.SeparateUser, account, null, setpriv, null);
            if (await separate.TryAsync(separate.RobotsRoot(workDirectory, workerId), ct) is { } failure)
            {
                problems.Add($"robots cannot be started as '{account.Name}': {failure}");
            }
            else
            {
                if (problems.Count > 0)
                {
                    await log.WriteLineAsync($"hangar worker: note: {string.Join("; ", problems)}; robots run as the unprivileged user '{account.Name}' instead.");
                }

                return separate;
            }
        }
        else if (required == IsolationLevel.SeparateUser && !root)
        {
            problems.Add("robots can run as another user only when the worker runs as root");
        }

        return Fallback(required, problems, log);
    }

    /// <summary>The folder under which this worker puts robots' folders and what they share (rcc's holotree).</summary>
    public string RobotsRoot(string workDirectory, string workerId) =>
        Level == IsolationLevel.SeparateUser ? Path.Combine(SharedRobotsRoot, workerId) : Path.GetFullPath(workDirectory);

    /// <summary>Makes a folder robots of this worker share (a holotree), owned by the robot user when there is one.</summary>
    public string SharedFolder(string robotsRoot, string name)
    {
        var folder = Path.Combine(robotsRoot, name);
        CreateFolder(folder);
        if (Account is { } user)
        {
            Posix.LChown(folder, user.Uid, user.Gid);
        }

        return folder;
    }

    /// <summary>Makes the folder step runs' folders go in: reachable by the robot user when robots run as one without a sandbox.</summary>
    public string RunsDirectory(string robotsRoot)
    {
        var runs = Path.Combine(robotsRoot, "runs");
        if (Level == IsolationLevel.SeparateUser && !OperatingSystem.IsWindows())
        {
            // root:root 0711 down to here: the robot user can pass through to its own folder, but not list the others.
            foreach (var folder in new[] { SharedRobotsRoot, robotsRoot, runs })
            {
                CreateFolder(folder);
                File.SetUnixFileMode(folder, OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }
        else
        {
            CreateFolder(runs);
        }

        return runs;
    }

    /// <summary>Hands a step run's folder (unpacked, not yet started) to the robot user, when robots run as one.</summary>
    public void HandOver(RunFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (Account is not { } user)
        {
            return;
        }

        Posix.LChown(folder.Root, user.Uid, user.Gid);
        var all = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder.Root, "*", all))
        {
            Posix.LChown(entry, user.Uid, user.Gid);
        }
    }

    /// <summary>Whether the robot can reach programs in <paramref name="folder"/> (PATH entries it cannot are left out of its PATH).</summary>
    public bool CanSee(string folder, RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Level switch
        {
            IsolationLevel.Sandbox => _layout!.Shows(folder, run),
            IsolationLevel.SeparateUser => SandboxLayout.IsWithin(Path.GetFullPath(folder), run.Root) || OthersMayPass(folder),
            _ => true,
        };
    }

    /// <summary>The temporary folder the robot is told about (TMPDIR): /tmp in a sandbox (its own), else its run folder's.</summary>
    public string TempDirectory(RunFolder run) => Level == IsolationLevel.Sandbox ? "/tmp" : run.Temp;

    /// <summary>
    /// The process that starts the robot: the robot itself, or bubblewrap or setpriv in front of it. The launcher gets
    /// the robot's environment and nothing else: inside a sandbox it is PID 1, and a robot can read /proc/1/environ.
    /// </summary>
    public ProcessStartInfo StartInfo(RobotLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var start = new ProcessStartInfo
        {
            WorkingDirectory = launch.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var (name, value) in launch.Environment)
        {
            start.Environment[name] = value;
        }

        var command = new List<string>();
        if (Level == IsolationLevel.Sandbox)
        {
            command.Add(_bubblewrap!);
            command.AddRange(_layout!.Options(launch, unprivileged: Posix.EffectiveUserId != 0, switchesUser: Account is not null));
            command.Add("--");
        }

        if (Account is { } user)
        {
            command.AddRange([_setpriv!, $"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all",
                "--no-new-privs", "--"]);
        }

        command.Add(launch.Executable);
        command.AddRange(launch.Arguments);
        start.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static RobotIsolation Fallback(IsolationLevel? required, List<string> problems, TextWriter log)
    {
        var why = string.Join("; ", problems);
        if (required is not null)
        {
            throw new IsolationUnavailableException($"robots cannot get the required isolation '{required.Value.WireName()}': {why}.");
        }

        log.WriteLine($"hangar worker: WARNING: robots run as this worker's user with a clean environment only, and can read every file it can "
                      + $"(its credential; for 'hangar serve', the data directory): {why}. Install bubblewrap to run each robot in a sandbox: "
                      + "apt-get install bubblewrap");
        return EnvironmentOnly;
    }

    /// <summary>Starts <c>true</c> as a robot would be started; null when it worked, else what went wrong.</summary>
    private async Task<string?> TryAsync(string robotsRoot, CancellationToken ct)
    {
        RunFolder? folder = null;
        try
        {
            folder = RunFolder.Create(RunsDirectory(robotsRoot), $"isolation-check-{Guid.NewGuid():N}");
            HandOver(folder);
            var start = StartInfo(new RobotLaunch("/bin/true", [], folder.Robot, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, folder));
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? null : $"exit {process.ExitCode}: {(await stderr).Trim()}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return ex.Message;
        }
        finally
        {
            folder?.TryDelete();
        }
    }

    private static bool OthersMayPass(string folder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            if (!dir.Exists || (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Append("/usr/bin").Append("/bin")
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }
    }
}
