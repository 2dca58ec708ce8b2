using System.Globalization;

namespace ControlPlane.Bench;

/// <summary>Reads a process's memory and CPU straight from /proc, as `ps` would, without sampling overhead.</summary>
public static class ProcessStats
{
    // USER_HZ is 100 on every Linux build this runs on; /proc/<pid>/stat counts CPU time in those ticks.
    private const double TicksPerSecond = 100.0;

    // Indexes into the fields after "pid (comm) " (field 0 is the state): utime and stime are fields 14 and 15 of the
    // full line, the reaped children's cutime and cstime 16 and 17, the parent pid 4.
    private const int ParentPid = 1;
    private const int Utime = 11;
    private const int Stime = 12;
    private const int ReapedUtime = 13;
    private const int ReapedStime = 14;

    public static long ResidentKb(int pid) => StatusField(pid, "VmRSS:");

    public static long PeakResidentKb(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var fields = Stat(pid)?.Fields ?? throw new InvalidOperationException($"Process {pid} is gone.");
        return (fields[Utime] + fields[Stime]) / TicksPerSecond;
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
        for (var attempt = 0; attempt < 50 && Children(postmaster).Any(child => child.State == 'Z'); attempt++)
        {
            Thread.Sleep(20);
        }

        var own = Stat(postmaster)?.Fields ?? throw new InvalidOperationException($"Process {postmaster} is gone.");
        var ticks = own[Utime] + own[Stime] + own[ReapedUtime] + own[ReapedStime] +
            Children(postmaster).Sum(child => child.Fields[Utime] + child.Fields[Stime]);
        return ticks / TicksPerSecond;
    }

    /// <summary>CPU time the whole machine has spent busy (all CPUs, everything but idle and iowait), from /proc/stat.</summary>
    public static double MachineBusySeconds()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already counted in user).
        return (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) / TicksPerSecond;
    }

    private static IEnumerable<(char State, long[] Fields)> Children(int parent)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != parent && Stat(pid) is { } stat &&
                stat.Fields[ParentPid] == parent)
            {
                yield return stat;
            }
        }
    }

    /// <summary>The process's state and its numeric stat fields; null when it is gone (or not ours to read).</summary>
    private static (char State, long[] Fields)? Stat(int pid)
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
