using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Tests.State;

public sealed class InstanceStateStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"cp-state-{Guid.NewGuid():N}");

    [Fact]
    public void Should_read_back_every_recorded_instance_after_a_restart()
    {
        var options = Options.Create(new LocalDriverOptions { DataDirectory = _directory });
        var state = TestStates.WithMembers(2);
        new InstanceStateStore(options, new OwnedFiles(OsUser.Resolve(Environment.UserName), options)).Write(state);

        var reopened = new InstanceStateStore(options, new OwnedFiles(OsUser.Resolve(Environment.UserName), options));

        var read = Assert.Single(reopened.ReadAll());
        Assert.Equal(state.InstanceId, read.InstanceId);
        Assert.Equal(state.Slots, read.Slots);
        Assert.Equal(2, read.Members);
        Assert.False(File.Exists(reopened.Layout(state.InstanceId).StateFile + ".tmp"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
