using System.Globalization;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// Reaches into the local driver's layout (<c>{dataDir}/{instanceId}/slot-{n}/</c>) the way an operator would:
/// to kill a member for real, and to make sure no process outlives the tests.
/// </summary>
internal static class LocalClusters
{
    public static string SlotDirectory(string dataDirectory, string instanceId, int slot) =>
        Path.Combine(dataDirectory, instanceId, $"slot-{slot}");

    /// <summary>kill -9 of a member's Patroni and its postmaster: the leader vanishes without a word.</summary>
    public static void KillMember(string dataDirectory, string instanceId, int slot)
    {
        var dir = SlotDirectory(dataDirectory, instanceId, slot);
        foreach (var pidFile in new[] { Path.Combine(dir, "patroni.pid"), Path.Combine(dir, "data", "postmaster.pid") })
        {
            if (ReadPid(pidFile) is { } pid)
            {
                NativeSignals.KillHard(pid);
            }
        }
    }

    public static IReadOnlyList<int> ProcessesUnder(string directory)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var state = File.ReadAllText(Path.Combine(proc, "stat"));
                // Zombies (state Z) are already dead: PID 1 here does not reap orphans.
                var afterName = state[(state.LastIndexOf(')') + 2)..];
                if (afterName.StartsWith('Z'))
                {
                    continue;
                }

                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(directory, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    public static void KillEverythingUnder(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        // Patroni, postmasters (-D <dir>), HAProxy (-f <dir>/...) and witnesses all name their directory in argv.
        foreach (var pid in ProcessesUnder(directory))
        {
            NativeSignals.KillHard(pid);
        }

        foreach (var pidFile in Directory.EnumerateFiles(directory, "*.pid", SearchOption.AllDirectories))
        {
            if (ReadPid(pidFile) is { } pid)
            {
                NativeSignals.KillHard(pid);
            }
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int? ReadPid(string file)
    {
        try
        {
            var first = File.ReadLines(file).FirstOrDefault();
            return int.TryParse(first?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
