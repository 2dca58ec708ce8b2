using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>
/// Answers like Python's BaseHTTPServer in Patroni: "HTTP/1.0", no Content-Length, body ended by closing the connection.
/// </summary>
public sealed class Http10Server : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Http10Server(string body)
    {
        _listener.Start();
        ApiUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = ServeAsync(body, _stop.Token);
    }

    public Uri ApiUrl { get; }

    private async Task ServeAsync(string body, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(ct);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, ct);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var response = "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nContent-Type: application/json\r\n\r\n" + body;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
