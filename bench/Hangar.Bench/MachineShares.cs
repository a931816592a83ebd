using System.Globalization;

namespace Hangar.Bench;

/// <summary>
/// Who used the machine's CPU during a part of a benchmark that runs several processes (servers, workers, robots):
/// this harness and every process it started (their children included, alive or already reaped), the PostgreSQL
/// cluster's processes, and everything else. Unlike <see cref="CpuMeter"/>, which follows one server, it attributes
/// the whole machine, so that work the harness caused (a worker, its robots) is not counted as disturbance.
/// </summary>
internal static class MachineShares
{
    /// <summary>A sample of the machine's ticks, or null where /proc is not readable.</summary>
    public static MachineSample? Sample()
    {
        try
        {
            var self = Environment.ProcessId;
            var parents = new Dictionary<int, int>();
            var ticks = new Dictionary<int, long>();
            long postgres = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                if (Read(pid) is not { } stat)
                {
                    continue;
                }

                parents[pid] = stat.Parent;
                ticks[pid] = stat.Ticks;
                if (stat.Name == "postgres")
                {
                    postgres += stat.Ticks;
                }
            }

            long ours = 0;
            foreach (var (pid, value) in ticks)
            {
                if (IsOurs(pid, self, parents))
                {
                    ours += value;
                }
            }

            using var reader = new StreamReader("/proc/stat");
            var line = reader.ReadLine() ?? throw new IOException("/proc/stat is empty.");
            // cpu user nice system idle iowait irq softirq steal (guest time is already in user).
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var total = values.Sum();
            return new MachineSample(total - values[3] - values[4], total, ours, postgres);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A process's own CPU ticks (utime + stime) and those of its reaped children (cutime + cstime).</summary>
    public static (long Own, long Children) ProcessTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
            return (Field(11) + Field(12), Field(13) + Field(14));
        }
        catch (IOException)
        {
            return (0, 0);
        }
    }

    private static bool IsOurs(int pid, int self, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64 && pid > 1; depth++)
        {
            if (pid == self)
            {
                return true;
            }

            if (!parents.TryGetValue(pid, out pid))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Name, parent and utime + stime + cutime + cstime of a process: its own CPU and that of its children it has
    /// reaped (a worker's robots, the harness's finished servers).
    /// </summary>
    private static (string Name, int Parent, long Ticks)? Read(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // It exited meanwhile.
        }

        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return (stat[(open + 1)..close], (int)Field(1), Field(11) + Field(12) + Field(13) + Field(14));
    }
}

/// <summary>Machine ticks (all cores): busy and total, this harness's process tree, and the PostgreSQL cluster.</summary>
internal readonly record struct MachineSample(long Busy, long Total, long Ours, long Postgres)
{
    public static MachineSample operator -(MachineSample after, MachineSample before) => new(
        after.Busy - before.Busy, after.Total - before.Total, after.Ours - before.Ours, after.Postgres - before.Postgres);

    /// <summary>Share of the machine that processes neither started by the harness nor PostgreSQL's used.</summary>
    public double OtherShare => Total <= 0 ? double.NaN : Math.Max(0, Busy - Ours - Postgres) / (double)Total;

    public double PostgresShare => Total <= 0 ? double.NaN : Postgres / (double)Total;

    public double OursShare => Total <= 0 ? double.NaN : Ours / (double)Total;
}
