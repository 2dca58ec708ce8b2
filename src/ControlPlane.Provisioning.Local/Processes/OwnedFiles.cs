using System.ComponentModel;
using System.Runtime.InteropServices;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Directories and files the member processes read, owned by their OS user. Files are replaced atomically
/// (write a temporary file, then rename) so a crash never leaves a half-written config or state file.
/// </summary>
public sealed class OwnedFiles(OsUser user)
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The local driver runs Patroni on Linux only.");
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
            ChangeOwner(path);
        }
    }

    /// <summary>Writes <paramref name="content"/> with mode 0600 for the OS user; returns false when the file already held exactly that.</summary>
    public bool WriteIfChanged(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The local driver runs Patroni on Linux only.");
        }

        if (File.Exists(path) && string.Equals(File.ReadAllText(path), content, StringComparison.Ordinal))
        {
            return false;
        }

        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnlyFile,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.SetUnixFileMode(temporary, OwnerOnlyFile);
        ChangeOwner(temporary);
        File.Move(temporary, path, overwrite: true);
        return true;
    }

    private void ChangeOwner(string path)
    {
        if (user.IsCurrentUser)
        {
            return;
        }

        if (NativeMethods.Chown(path, user.Uid, user.Gid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"chown {user.Name} {path} failed");
        }
    }
}
