using System.Globalization;

namespace Hangar.Bench;

/// <summary>
/// CPU time in clock ticks, from /proc: the server process, this process (the load generator) and the whole machine.
/// The difference of two samples tells what the server spent during a slice, and how much CPU <em>other</em>
/// processes (a build, a test run, a noisy VM neighbour through steal time) took from the benchmark meanwhile.
/// </summary>
internal sealed class CpuMeter(int serverPid)
{
    private readonly string _serverStat = $"/proc/{serverPid.ToString(CultureInfo.InvariantCulture)}/stat";

    /// <summary>A sample, or null where /proc is not available.</summary>
    public CpuSample? Sample()
    {
        try
        {
            if (!File.Exists(_serverStat) || !File.Exists("/proc/stat"))
            {
                return null;
            }

            var server = ProcessTicks(_serverStat);
            var self = ProcessTicks("/proc/self/stat");
            var (busy, total) = MachineTicks();
            return new CpuSample(server, self, busy, total);
        }
        catch (IOException)
        {
            return null; // The server exited between the check and the read.
        }
    }

    /// <summary>utime + stime of a process (fields 14 and 15 of /proc/&lt;pid&gt;/stat), all threads included.</summary>
    private static long ProcessTicks(string path)
    {
        // The command name (field 2) is in parentheses and may contain spaces: count the fields after the last ')'.
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>Busy and total ticks of all cores, from the first line of /proc/stat.</summary>
    private static (long Busy, long Total) MachineTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var line = reader.ReadLine() ?? throw new IOException("/proc/stat is empty.");
        // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
        var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var idle = values[3] + values[4];
        var total = values.Sum();
        return (total - idle, total);
    }
}

/// <summary>CPU clock ticks: the server's, the load generator's, and the whole machine's busy and total (all cores).</summary>
internal readonly record struct CpuSample(long Server, long Self, long MachineBusy, long MachineTotal)
{
    public static CpuSample operator -(CpuSample after, CpuSample before) => new(
        after.Server - before.Server, after.Self - before.Self,
        after.MachineBusy - before.MachineBusy, after.MachineTotal - before.MachineTotal);

    /// <summary>Share of the machine's CPU (all cores) that neither the server nor the load generator used.</summary>
    public double OtherShare => MachineTotal <= 0 ? double.NaN : Math.Max(0, MachineBusy - Server - Self) / (double)MachineTotal;

    /// <summary>Share of the machine's CPU (all cores) the server used.</summary>
    public double ServerShare => MachineTotal <= 0 ? double.NaN : Server / (double)MachineTotal;

    /// <summary>Share of the machine's CPU (all cores) the load generator used.</summary>
    public double SelfShare => MachineTotal <= 0 ? double.NaN : Self / (double)MachineTotal;
}
