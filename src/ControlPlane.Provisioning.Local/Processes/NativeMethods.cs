using System.Runtime.InteropServices;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// The libc calls .NET has no API for: sending an arbitrary signal, and the descriptor-relative file calls
/// (<c>openat</c> with <c>O_NOFOLLOW</c>, <c>fchown</c>...) that let root work in directories another user can change.
/// </summary>
internal static partial class NativeMethods
{
    public const int SigHup = 1;
    public const int SigQuit = 3;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    public const int ENOENT = 2;
    public const int EEXIST = 17;

    public const int OReadOnly = 0;
    public const int OWriteOnly = 1;
    public const int OCreate = 0x40;
    public const int OExclusive = 0x80;
    public const int OCloseOnExec = 0x80000;

    // The only flags whose values differ between the two architectures .NET runs Linux on.
    public static int ODirectory => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x4000 : 0x10000;

    public static int ONoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 ? 0x8000 : 0x20000;

    public const int AtRemoveDirectory = 0x200;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial int GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(int directory, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(int directory, string name, int mode);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(int fromDirectory, string from, int toDirectory, string to);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(int directory, string name, int flags);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    public static partial int FileChangeOwner(int descriptor, int owner, int group);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int FileChangeMode(int descriptor, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);
}
