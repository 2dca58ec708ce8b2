using System.Net;
using System.Net.Sockets;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Tests.State;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Should_skip_ports_recorded_by_other_instances_and_ports_another_program_listens_on()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var busyPort = ((IPEndPoint)busy.LocalEndpoint).Port;
        var start = busyPort - 2;
        var recorded = TestStates.WithMembers(1) with
        {
            Slots = [new SlotPorts(start, start, start), new SlotPorts(start, start, start), new SlotPorts(start, start, start)],
            PrimaryPort = start + 1,
            ReplicaPort = start + 1,
        };
        var allocator = new PortAllocator(Options.Create(new LocalDriverOptions { PortRangeStart = start, PortRangeEnd = start + 40 }));

        var ports = allocator.Allocate(11, [recorded]);

        Assert.Equal(11, ports.Distinct().Count());
        Assert.DoesNotContain(busyPort, ports);
        Assert.DoesNotContain(start, ports);
        Assert.DoesNotContain(start + 1, ports);
        Assert.All(ports, port => Assert.InRange(port, start, start + 40));
    }

    [Fact]
    public void Should_refuse_when_the_range_cannot_hold_another_instance()
    {
        var allocator = new PortAllocator(Options.Create(new LocalDriverOptions { PortRangeStart = 58900, PortRangeEnd = 58905 }));

        Assert.Throws<InvalidOperationException>(() => allocator.Allocate(11, []));
    }
}
