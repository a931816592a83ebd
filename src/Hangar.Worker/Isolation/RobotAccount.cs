using System.Diagnostics;
using System.Globalization;

namespace Hangar.Worker.Isolation;

/// <summary>The unprivileged OS user robots run as when the worker runs as root: its name, uid and gid.</summary>
public sealed record RobotAccount(string Name, uint Uid, uint Gid)
{
    /// <summary>
    /// Finds the user (through NSS, so LDAP users count), creating a system user without a home or a login shell when
    /// there is none. Null, with the reason, when neither works.
    /// </summary>
    public static async Task<(RobotAccount? Account, string? Problem)> EnsureAsync(string name, TextWriter log, CancellationToken ct)
    {
        if (await FindAsync(name, ct) is { } found)
        {
            return found.Uid == 0
                ? (null, $"the robot user '{name}' is root")
                : (found, null);
        }

        var (code, output) = await RunAsync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
            "--shell", "/usr/sbin/nologin", "--comment", "Hangar robots", name], ct);
        if (code != 0)
        {
            return (null, $"the robot user '{name}' does not exist and useradd failed: {output.Trim()}");
        }

        await log.WriteLineAsync($"hangar worker: created the system user '{name}' for robots.");
        return await FindAsync(name, ct) is { } created ? (created, null) : (null, $"the robot user '{name}' was created but cannot be found");
    }

    private static async Task<RobotAccount?> FindAsync(string name, CancellationToken ct)
    {
        var (code, output) = await RunAsync("getent", ["passwd", name], ct);
        var fields = output.Trim().Split(':');
        return code == 0 && fields.Length >= 4
               && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
               && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? new RobotAccount(name, uid, gid)
            : null;
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{file}: {ex.Message}");
        }
    }
}
