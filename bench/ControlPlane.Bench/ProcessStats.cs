using System.Globalization;

namespace ControlPlane.Bench;

/// <summary>Reads a process's memory and CPU straight from /proc, as `ps` would, without sampling overhead.</summary>
public static class ProcessStats
{
    // USER_HZ is 100 on every Linux build this runs on; /proc/<pid>/stat counts CPU time in those ticks.
    private const double TicksPerSecond = 100.0;

    public static long ResidentKb(int pid) => StatusField(pid, "VmRSS:");

    public static long PeakResidentKb(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 0 is state; utime and stime are fields 14 and 15 of the full line (11 and 12 here).
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// CPU time the PostgreSQL server whose data directory is given has used so far: the postmaster, its live children,
    /// and the children it has reaped (a pgbench backend ends with its run, and its time then sits in the postmaster's
    /// cutime/cstime).
    /// </summary>
    public static double PostgresCpuSeconds(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        // A backend that has exited but is not reaped yet (a zombie) shows no CPU time of its own and is not yet in the
        // postmaster's children's time: wait (briefly) until the postmaster has reaped them, or pgbench's backends would be
        // charged to the next run.
        for (var attempt = 0; attempt < 50 && HasZombieChildren(postmaster); attempt++)
        {
            Thread.Sleep(20);
        }

        var own = StatFields(postmaster);
        var ticks = own[11] + own[12] + own[13] + own[14];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmaster &&
                TryStatFields(pid) is { } fields && fields[1] == postmaster)
            {
                ticks += fields[11] + fields[12];
            }
        }

        return ticks / TicksPerSecond;
    }

    private static bool HasZombieChildren(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryStat(pid) is { } stat &&
                stat.State == 'Z' && stat.Fields[1] == parent)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>CPU time the whole machine has spent busy (all CPUs, everything but idle and iowait), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already counted in user).
        return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) / TicksPerSecond;
    }

    // The fields after "pid (comm) ", as numbers: 1 is the parent pid, 11/12 utime/stime, 13/14 reaped children's.
    private static long[] StatFields(int pid) =>
        TryStatFields(pid) ?? throw new InvalidOperationException($"Process {pid} is gone.");

    private static long[]? TryStatFields(int pid) => TryStat(pid)?.Fields;

    private static (char State, long[] Fields)? TryStat(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var rest = stat[(stat.LastIndexOf(')') + 2)..];
        return (rest[0], rest.Split(' ').Take(15)
            .Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0).ToArray());
    }

    private static long StatusField(int pid, string name)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                return long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
