using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Tests.State;

public sealed class InstanceAllocatorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cp-allocator-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Should_never_give_two_workers_on_one_machine_the_same_ports()
    {
        // Two workers share the data directory and the port range, each with its own in-process locks.
        var options = Options.Create(new LocalDriverOptions { DataDirectory = _directory, PortRangeStart = 58200, PortRangeEnd = 58499 });
        var workers = Enumerable.Range(0, 2).Select(_ => Allocator(options)).ToList();

        var states = await Task.WhenAll(workers.SelectMany(worker => Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => worker.LoadOrCreateAsync(TestInstances.Desired(HighAvailabilitySpec.Off), CancellationToken.None)))));

        var ports = states.SelectMany(s => s.AllPorts()).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public async Task Should_wait_for_another_workers_allocation_and_keep_clear_of_its_ports()
    {
        var options = Options.Create(new LocalDriverOptions { DataDirectory = _directory, PortRangeStart = 58300, PortRangeEnd = 58499 });
        var store = new InstanceStateStore(options, new OwnedFiles(OsUser.Resolve(Environment.UserName), options));

        // The other worker is in the middle of its allocation: it holds the machine-wide lock and has picked the range's
        // first free ports, which it records before letting go.
        Task<InstanceState> mine;
        InstanceState theirs;
        using (await AllocationFileLock.AcquireAsync(_directory, TimeProvider.System, CancellationToken.None))
        {
            mine = Task.Run(() => Allocator(options).LoadOrCreateAsync(TestInstances.Desired(HighAvailabilitySpec.Off), CancellationToken.None));
            await Task.Delay(300);
            var picked = new PortAllocator(options).Allocate(InstanceAllocator.PortsPerInstance, []);
            theirs = TestStates.WithMembers(1) with
            {
                InstanceId = Guid.NewGuid(),
                Slots = [.. Enumerable.Range(0, 3).Select(s => new SlotPorts(picked[s * 3], picked[(s * 3) + 1], picked[(s * 3) + 2]))],
                PrimaryPort = picked[^2],
                ReplicaPort = picked[^1],
            };
            store.Write(theirs);
        }

        Assert.Empty((await mine).AllPorts().Intersect(theirs.AllPorts()));
    }

    private static InstanceAllocator Allocator(IOptions<LocalDriverOptions> options) =>
        new(new InstanceStateStore(options, new OwnedFiles(OsUser.Resolve(Environment.UserName), options)), new PortAllocator(options),
            new InstanceLocks(), TimeProvider.System, NullLogger<InstanceAllocator>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
