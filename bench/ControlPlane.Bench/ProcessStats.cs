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
