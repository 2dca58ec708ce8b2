using System.Diagnostics;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// What a process the driver launches inherits: its own directory as working directory and home, a fixed PATH and
/// locale, nothing else. The worker's environment holds the master key and the control plane's connection strings;
/// instance processes run as another user and must never see them, and the worker's working directory (a checkout
/// under a mode-700 home) is not reachable by that user at all.
/// </summary>
public static class ChildEnvironment
{
    public const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static void Apply(ProcessStartInfo start, string workingDirectory)
    {
        start.WorkingDirectory = workingDirectory;
        start.Environment.Clear();
        start.Environment["PATH"] = Path;
        start.Environment["LANG"] = "C.UTF-8";
        // runuser sets HOME to the target's home; a worker that already is the OS user gets its directory instead.
        start.Environment["HOME"] = workingDirectory;
    }
}
