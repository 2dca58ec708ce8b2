using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.State;

/// <summary>
/// Hands out ports from the configured range that no recorded instance uses and that can be bound right now
/// (another program may hold one). Callers hold the driver's allocation lock so two instances never race.
/// </summary>
public sealed class PortAllocator(IOptions<LocalDriverOptions> options)
{
    public IReadOnlyList<int> Allocate(int count, IEnumerable<InstanceState> existing)
    {
        var taken = existing.SelectMany(s => s.AllPorts()).ToHashSet();
        var address = IPAddress.Parse(options.Value.Host);
        var allocated = new List<int>(count);
        for (var port = options.Value.PortRangeStart; port <= options.Value.PortRangeEnd && allocated.Count < count; port++)
        {
            if (!taken.Contains(port) && CanBind(address, port))
            {
                allocated.Add(port);
            }
        }

        if (allocated.Count < count)
        {
            throw new InvalidOperationException(
                $"Port range {options.Value.PortRangeStart}-{options.Value.PortRangeEnd} has fewer than {count} free ports.");
        }

        return allocated;
    }

    public static bool CanBind(IPAddress address, int port)
    {
        try
        {
            using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // Like the daemons themselves: connections in TIME_WAIT do not make a port busy, a listener does.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(address, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
