using System.Runtime.InteropServices;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>The two libc calls .NET has no API for: sending an arbitrary signal and changing a file's owner.</summary>
internal static partial class NativeMethods
{
    public const int SigHup = 1;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Chown(string path, int owner, int group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial int GetEffectiveUserId();
}
