using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Hangar.Core.Platform;

/// <summary>
/// The few POSIX calls .NET does not offer, for keeping robots away from what is not theirs: the process umask (the
/// server's files readable by its user only), a file's owner (a robot's folder handed to the robot's user), and
/// opening a file without following a link (artifacts a robot may have planted). Linux only.
/// </summary>
public static partial class Posix
{
    // O_NOFOLLOW differs between architectures: arm and arm64 use their own value; x86, x64 and the rest the generic one.
    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 ? 0x8000 : 0x20000;
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int CloseOnExec = 0x80000;

    /// <summary>Whether these calls are available (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The effective user id of this process; 0 is root.</summary>
    public static uint EffectiveUserId => IsSupported ? GetEffectiveUserId() : uint.MaxValue;

    /// <summary>Gives a file or folder (never a link's target) to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    public static void LChown(string path, uint uid, uint gid)
    {
        if (LChownNative(path, uid, gid) != 0)
        {
            throw new IOException($"Cannot give '{path}' to user {uid}: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Sets the umask of this process (the modes of files it creates from now on) and returns the previous one.</summary>
    public static UnixFileMode SetUmask(UnixFileMode mask) => (UnixFileMode)UmaskNative((uint)mask);

    /// <summary>
    /// Opens a file for reading without following a link in its last component and without blocking on a FIFO; null
    /// when that fails (a link, a socket, a file gone).
    /// </summary>
    public static SafeFileHandle? OpenNoFollow(string path)
    {
        var fd = OpenNative(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LChownNative(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint UmaskNative(uint mask);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
