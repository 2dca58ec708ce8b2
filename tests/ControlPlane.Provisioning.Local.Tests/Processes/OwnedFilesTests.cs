using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Tests.Processes;

/// <summary>
/// The worker writes as root into directories the instances' OS user owns; that user can plant links there.
/// Each test plants one where the worker is about to write and checks that the link's target is left alone.
/// </summary>
public sealed class OwnedFilesTests : IDisposable
{
    private readonly string _root = Path.Combine("/var/tmp", $"cp-owned-{Guid.NewGuid():N}");
    private readonly string _outside;
    private readonly OwnedFiles _files;

    public OwnedFilesTests()
    {
        Directory.CreateDirectory(_root);
        _outside = Path.Combine(_root, "outside");
        Directory.CreateDirectory(_outside);
        var data = Path.Combine(_root, "data");
        _files = new OwnedFiles(OsUser.Resolve(Environment.UserName), Options.Create(new LocalDriverOptions { DataDirectory = data }));
        _files.EnsureDirectory(Instance);
    }

    private string Instance => Path.Combine(_root, "data", "instance");

    [Fact]
    public void Should_not_write_through_a_link_planted_under_the_temporary_name()
    {
        var victim = Path.Combine(_outside, "victim");
        File.WriteAllText(victim, "original");
        File.CreateSymbolicLink(Path.Combine(Instance, "patroni.yml.tmp"), victim);

        Assert.True(_files.WriteIfChanged(Path.Combine(Instance, "patroni.yml"), "config"));

        Assert.Equal("original", File.ReadAllText(victim));
        Assert.Equal("config", File.ReadAllText(Path.Combine(Instance, "patroni.yml")));
        Assert.Null(new FileInfo(Path.Combine(Instance, "patroni.yml")).LinkTarget);
    }

    [Fact]
    public void Should_replace_a_link_planted_under_the_file_name_instead_of_writing_through_it()
    {
        var victim = Path.Combine(_outside, "victim");
        File.WriteAllText(victim, "original");
        File.CreateSymbolicLink(Path.Combine(Instance, "patroni.yml"), victim);

        Assert.True(_files.WriteIfChanged(Path.Combine(Instance, "patroni.yml"), "config"));

        Assert.Equal("original", File.ReadAllText(victim));
        Assert.Null(new FileInfo(Path.Combine(Instance, "patroni.yml")).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Instance, "patroni.yml")));
    }

    [Fact]
    public void Should_refuse_a_directory_replaced_by_a_link()
    {
        Directory.CreateSymbolicLink(Path.Combine(Instance, "slot-0"), _outside);

        Assert.ThrowsAny<IOException>(() => _files.EnsureDirectory(Path.Combine(Instance, "slot-0", "raft")));
        Assert.ThrowsAny<IOException>(() => _files.WriteIfChanged(Path.Combine(Instance, "slot-0", "patroni.yml"), "config"));
        Assert.ThrowsAny<IOException>(() => _files.DeleteDirectory(Path.Combine(Instance, "slot-0")));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_outside));
    }

    [Fact]
    public void Should_not_delete_the_target_of_a_link_on_the_way_to_a_directory()
    {
        var precious = Path.Combine(_outside, "data");
        Directory.CreateDirectory(precious);
        File.WriteAllText(Path.Combine(precious, "PG_VERSION"), "15");
        Directory.CreateSymbolicLink(Path.Combine(Instance, "slot-1"), _outside);

        Assert.ThrowsAny<IOException>(() => _files.DeleteDirectory(Path.Combine(Instance, "slot-1", "data")));

        Assert.True(File.Exists(Path.Combine(precious, "PG_VERSION")));
    }

    [Fact]
    public void Should_refuse_paths_outside_the_data_directory() =>
        Assert.Throws<ArgumentException>(() => _files.WriteIfChanged(Path.Combine(_outside, "x"), "config"));

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
