using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Directories and files the member processes read, owned by their OS user. Files are replaced atomically
/// (write a temporary file, then rename) so a crash never leaves a half-written config or state file.
/// The worker runs as root in directories that user owns, so it never follows a link below the data directory:
/// every path is walked from the data directory with <c>openat(O_NOFOLLOW)</c>, files are created exclusively,
/// owners and modes are set on the open descriptor. A planted link makes the operation fail, never write elsewhere.
/// </summary>
public sealed class OwnedFiles(OsUser user, IOptions<LocalDriverOptions> options)
{
    private const int OwnerOnlyDirectory = 0x1C0; // 0700
    private const int OwnerOnlyFile = 0x180;      // 0600

    public void EnsureDirectory(string path)
    {
        EnsureLinux();
        using var parent = OpenParent(path, out var name);
        if (NativeMethods.MakeDirectoryAt(parent.Descriptor, name, OwnerOnlyDirectory) == 0)
        {
            using var created = Directory(parent, name, path);
            ChangeOwner(created.Descriptor, path);
        }
        else if (Marshal.GetLastPInvokeError() is var error && error != NativeMethods.EEXIST)
        {
            throw new Win32Exception(error, $"mkdir {path} failed");
        }
        else
        {
            // Exists: it must be a real directory, not a link to one.
            using var existing = Directory(parent, name, path);
        }
    }

    /// <summary>Writes <paramref name="content"/> with mode 0600 for the OS user; returns false when the file already held exactly that.</summary>
    public bool WriteIfChanged(string path, string content)
    {
        EnsureLinux();
        using var parent = OpenParent(path, out var name);
        if (string.Equals(ReadOrNull(parent, name), content, StringComparison.Ordinal))
        {
            return false;
        }

        var temporary = name + ".tmp";
        // A left-over temporary (or a link planted under its name) is removed, not followed: O_EXCL below insists on a new file.
        if (NativeMethods.UnlinkAt(parent.Descriptor, temporary, 0) != 0 && Marshal.GetLastPInvokeError() is var error && error != NativeMethods.ENOENT)
        {
            throw new Win32Exception(error, $"unlink {path}.tmp failed");
        }

        var fd = NativeMethods.OpenAt(
            parent.Descriptor, temporary,
            NativeMethods.OWriteOnly | NativeMethods.OCreate | NativeMethods.OExclusive | NativeMethods.ONoFollow | NativeMethods.OCloseOnExec,
            OwnerOnlyFile);
        if (fd < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"create {path}.tmp failed");
        }

        using (var handle = new SafeFileHandle(fd, ownsHandle: true))
        {
            if (NativeMethods.FileChangeMode(fd, OwnerOnlyFile) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"chmod {path}.tmp failed");
            }

            ChangeOwner(fd, path);
            using var stream = new FileStream(handle, FileAccess.Write);
            stream.Write(Encoding.UTF8.GetBytes(content));
        }

        // rename replaces whatever entry has the name (a link included) instead of writing through it.
        if (NativeMethods.RenameAt(parent.Descriptor, temporary, parent.Descriptor, name) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"rename {path}.tmp failed");
        }

        return true;
    }

    /// <summary>The file's text, or null when it is missing, is a link, or a directory on the way is missing or a link.</summary>
    public string? ReadOrNull(string path)
    {
        EnsureLinux();
        try
        {
            using var parent = OpenParent(path, out var name);
            return ReadOrNull(parent, name);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes a directory tree below the data directory. The parent is reached without following links, and the
    /// tree is addressed through that open descriptor, so a component swapped for a link meanwhile changes nothing;
    /// .NET's recursive delete removes links inside the tree rather than following them.
    /// </summary>
    public void DeleteDirectory(string path)
    {
        EnsureLinux();
        DirectoryHandle parent;
        string name;
        try
        {
            parent = OpenParent(path, out name);
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        using (parent)
        {
            var target = $"/proc/self/fd/{parent.Descriptor}/{name}";
            var info = new DirectoryInfo(target);
            if (info.LinkTarget is not null)
            {
                throw new IOException($"Refusing to delete {path}: it is a symbolic link.");
            }

            if (info.Exists)
            {
                info.Delete(recursive: true);
            }
        }
    }

    private DirectoryHandle OpenParent(string path, out string name)
    {
        var root = Path.GetFullPath(options.Value.DataDirectory).TrimEnd('/');
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{path} is not below the data directory {root}.", nameof(path));
        }

        var parts = full[(root.Length + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        name = parts[^1];

        // The data directory itself is the worker's (root's) and trusted as configured; everything below is walked.
        System.IO.Directory.CreateDirectory(root);
        var descriptor = NativeMethods.Open(root, NativeMethods.OReadOnly | NativeMethods.ODirectory | NativeMethods.OCloseOnExec, 0);
        if (descriptor < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {root} failed");
        }

        var current = new DirectoryHandle(descriptor);
        var walked = root;
        foreach (var part in parts[..^1])
        {
            walked += "/" + part;
            using var previous = current;
            current = Directory(previous, part, walked);
        }

        return current;
    }

    private static DirectoryHandle Directory(DirectoryHandle parent, string name, string path)
    {
        var descriptor = NativeMethods.OpenAt(
            parent.Descriptor, name, NativeMethods.OReadOnly | NativeMethods.ODirectory | NativeMethods.ONoFollow | NativeMethods.OCloseOnExec, 0);
        if (descriptor >= 0)
        {
            return new DirectoryHandle(descriptor);
        }

        var error = Marshal.GetLastPInvokeError();
        if (error == NativeMethods.ENOENT)
        {
            throw new DirectoryNotFoundException($"{path} does not exist.");
        }

        // ELOOP (a link) or ENOTDIR (a file or a link to one): never followed.
        throw new IOException($"Refusing to use {path}: it is not a directory (a symbolic link is never followed). {new Win32Exception(error).Message}");
    }

    private static string? ReadOrNull(DirectoryHandle parent, string name)
    {
        var fd = NativeMethods.OpenAt(parent.Descriptor, name, NativeMethods.OReadOnly | NativeMethods.ONoFollow | NativeMethods.OCloseOnExec, 0);
        if (fd < 0)
        {
            // Missing, or a link: either way it is (re)written, and rename replaces the link itself.
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        using var stream = new FileStream(handle, FileAccess.Read);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private void ChangeOwner(int descriptor, string path)
    {
        if (user.IsCurrentUser)
        {
            return;
        }

        if (NativeMethods.FileChangeOwner(descriptor, user.Uid, user.Gid) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"chown {user.Name} {path} failed");
        }
    }

    private static void EnsureLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The local driver runs Patroni on Linux only.");
        }
    }

    private sealed class DirectoryHandle(int descriptor) : IDisposable
    {
        public int Descriptor { get; } = descriptor;

        public void Dispose() => NativeMethods.Close(Descriptor);
    }
}
