using System.Runtime.InteropServices;

namespace ControlPlane.EndToEnd.Tests;

internal static partial class NativeSignals
{
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static bool Terminate(int pid) => Kill(pid, SigTerm) == 0;

    public static bool KillHard(int pid) => Kill(pid, SigKill) == 0;

    public static bool Freeze(int pid) => Kill(pid, SigStop) == 0;

    public static bool Thaw(int pid) => Kill(pid, SigCont) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
