using System.Runtime.InteropServices;

namespace ControlPlane.EndToEnd.Tests;

internal static partial class NativeSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    public static bool KillHard(int pid) => Kill(pid, SigKill) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
