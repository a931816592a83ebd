using Hangar.TestSupport;
using Hangar.Worker.Isolation;

namespace Hangar.Worker.Tests;

/// <summary>What bubblewrap is told to show a robot (the sandbox itself is run for real by the end-to-end tests).</summary>
public sealed class SandboxLayoutTests : IDisposable
{
    private readonly string _runs = TempDirectory.Create("hangar-sandbox-layout");

    public void Dispose() => TempDirectory.TryDelete(_runs);

    [Fact]
    public void Options_ShareSystemFoldersReadOnly_AndOnlyTheRobotsOwnFolderWritable_WithAPrivateTmp()
    {
        var folder = RunFolder.Create(_runs, "step-run-1");
        var args = new SandboxLayout([], []).Options(Launch(folder), unprivileged: true, switchesUser: false);

        Assert.True(HasTriple(args, "--ro-bind", "/usr", "/usr"));
        Assert.True(HasTriple(args, "--ro-bind", "/etc", "/etc"));
        Assert.True(HasTriple(args, "--bind", folder.Root, folder.Root));
        Assert.True(HasTriple(args, "--bind", folder.Temp, "/tmp"));
        Assert.Contains("--unshare-pid", args);
        Assert.Contains("--die-with-parent", args);
        Assert.Contains("--disable-userns", args);
        Assert.DoesNotContain("--unshare-net", args);
        Assert.DoesNotContain("--cap-add", args);
        // Nothing of the host is bound writable but the robot's own folder.
        Assert.Equal([folder.Temp, folder.Root], Sources(args, "--bind"));
        // The robot starts in its working folder.
        Assert.True(HasPair(args, "--chdir", folder.Robot));
    }

    [Fact]
    public void Options_CoverPrivatePathsUnderSharedFolders_AndLeaveOthersUnmentioned()
    {
        var folder = RunFolder.Create(_runs, "step-run-2");
        var privateFile = "/etc/hostname";
        var args = new SandboxLayout([], ["/etc/ssl", privateFile, "/etc/no-such-folder", _runs]).Options(Launch(folder), unprivileged: true,
            switchesUser: false);

        Assert.True(HasPair(args, "--tmpfs", "/etc/ssl"));
        Assert.True(HasTriple(args, "--ro-bind", "/dev/null", privateFile));
        Assert.DoesNotContain("/etc/no-such-folder", args);
        Assert.False(HasPair(args, "--tmpfs", _runs));
        // Covering comes after sharing, or the share would lay the private folder bare again.
        Assert.True(args.IndexOf("/etc/ssl") > args.IndexOf("/etc"));
    }

    [Fact]
    public void Options_ForARootWorker_LetOnlySetprivSwitchUsers()
    {
        var folder = RunFolder.Create(_runs, "step-run-3");
        var args = new SandboxLayout([], []).Options(Launch(folder), unprivileged: false, switchesUser: true);

        Assert.DoesNotContain("--unshare-user", args);
        Assert.Equal(["CAP_SETGID", "CAP_SETUID"], args.Select((a, i) => (a, i)).Where(p => p.a == "--cap-add").Select(p => args[p.i + 1]).Order());
    }

    [Fact]
    public void Shows_SharedFoldersAndTheRunFolder_ButNotPrivateOrUnsharedOnes()
    {
        var folder = RunFolder.Create(_runs, "step-run-4");
        var layout = new SandboxLayout([], ["/etc/ssl"]);

        Assert.True(layout.Shows("/usr/bin", folder));
        Assert.True(layout.Shows("/etc", folder));
        Assert.True(layout.Shows(Path.Combine(folder.Robot, "bin"), folder));
        Assert.False(layout.Shows("/root/.pyenv/shims", folder));
        Assert.False(layout.Shows("/etc/ssl/certs", folder));
        Assert.False(layout.Shows(_runs, folder));
    }

    private static RobotLaunch Launch(RunFolder folder) =>
        new("/usr/bin/python3", ["robot.py"], folder.Robot, new Dictionary<string, string> { ["PATH"] = "/usr/bin" }, folder);

    private static bool HasTriple(List<string> args, string option, string a, string b) =>
        Enumerable.Range(0, args.Count - 2).Any(i => args[i] == option && args[i + 1] == a && args[i + 2] == b);

    private static bool HasPair(List<string> args, string option, string a) =>
        Enumerable.Range(0, args.Count - 1).Any(i => args[i] == option && args[i + 1] == a);

    private static List<string> Sources(List<string> args, string option) =>
        Enumerable.Range(0, args.Count - 1).Where(i => args[i] == option).Select(i => args[i + 1]).ToList();
}
