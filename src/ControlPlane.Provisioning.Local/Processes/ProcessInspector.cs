using System.Globalization;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Liveness from <c>/proc</c>. Not <c>kill -0</c>: a killed daemon whose parent does not reap it (PID 1 here
/// does not) stays a zombie that <c>kill -0</c> still reports as present.
/// </summary>
public static class ProcessInspector
{
    /// <summary>True when <paramref name="pid"/> runs, is not a zombie, and its command line mentions <paramref name="commandLineMarker"/> (guards against pid reuse).</summary>
    public static bool IsAlive(int pid, string commandLineMarker)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            if (afterName < 0 || afterName + 2 >= stat.Length)
            {
                return false;
            }

            var state = stat[afterName + 2];
            if (state is 'Z' or 'X' or 'x')
            {
                return false;
            }

            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return commandLine.Contains(commandLineMarker, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The first integer in a pid file (Patroni's, HAProxy's, or the first line of postmaster.pid); null when absent.</summary>
    public static int? ReadPidFile(string path)
    {
        try
        {
            var first = File.ReadLines(path).FirstOrDefault();
            return int.TryParse(first?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Every live process whose command line mentions <paramref name="marker"/> (the teardown safety net).</summary>
    public static IReadOnlyList<int> FindByCommandLine(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid, marker))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    public static void Signal(int pid, int signal)
    {
        if (pid > 0)
        {
            _ = NativeMethods.Kill(pid, signal);
        }
    }
}
