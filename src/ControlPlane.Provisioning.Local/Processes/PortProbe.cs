using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// Whether something accepts connections on a port. Unlike a bind test this ignores the closing sockets a
/// killed daemon leaves behind, so a restart is not held up by them, yet it still sees a live listener.
/// </summary>
public static class PortProbe
{
    public static async Task<bool> IsListeningAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(host), port), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A listener whose backlog is full still exists.
            return true;
        }
    }
}
