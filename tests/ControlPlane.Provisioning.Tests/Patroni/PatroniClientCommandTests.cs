using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Provisioning.Tests.Patroni;

/// <summary>
/// The unsafe calls as they leave the client, read off a raw socket: Patroni 3.0.2 reads exactly Content-Length bytes
/// and answers 411 to a request without it, so a chunked body would fail on every real cluster.
/// </summary>
public sealed class PatroniClientCommandTests
{
    private static readonly InstanceCredentials Credentials = new("app", "app_user", "pw", "su", "repl", "patroni-api", "patroni-pw");

    [Fact]
    public async Task Should_send_every_unsafe_call_with_a_content_length_basic_auth_and_no_chunking()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var api = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        await using var services = new ServiceCollection().AddLogging().AddDriverPatroniClient(_ => TimeSpan.FromSeconds(5)).BuildServiceProvider();
        var client = services.GetRequiredKeyedService<PatroniClient>(PatroniClient.DriverKey);

        var patch = Capture(listener);
        var patched = await client.PatchConfigAsync(api, new JsonObject { ["synchronous_mode"] = true }, Credentials);
        var switchover = Capture(listener);
        var switched = await client.SwitchoverAsync(api, "orders-0", "orders-1", Credentials);
        var restart = Capture(listener);
        await client.RestartPendingAsync(api, Credentials);

        Assert.Equal((200, "ok"), (patched.StatusCode, patched.Body));
        Assert.Equal(200, switched.StatusCode);
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("patroni-api:patroni-pw"));
        foreach (var (request, line, body) in new[]
                 {
                     (await patch, "PATCH /config HTTP/1.1", """{"synchronous_mode":true}"""),
                     (await switchover, "POST /switchover HTTP/1.1", """{"leader":"orders-0","candidate":"orders-1"}"""),
                     (await restart, "POST /restart HTTP/1.1", """{"restart_pending":true}"""),
                 })
        {
            Assert.Equal(line, request.RequestLine);
            Assert.Equal(Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers.GetValueOrDefault("content-length"));
            Assert.False(request.Headers.ContainsKey("transfer-encoding"));
            Assert.Equal(expectedAuth, request.Headers.GetValueOrDefault("authorization"));
            Assert.Equal(body, request.Body);
        }
    }

    [Fact]
    public async Task Should_report_a_member_that_is_gone_without_throwing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var api = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        listener.Stop();
        await using var services = new ServiceCollection().AddLogging().AddDriverPatroniClient(_ => TimeSpan.FromSeconds(5)).BuildServiceProvider();
        var client = services.GetRequiredKeyedService<PatroniClient>(PatroniClient.DriverKey);

        var response = await client.SwitchoverAsync(api, "orders-0", null, Credentials);

        Assert.Equal(PatroniCallOutcome.Refused, response.Outcome);
        Assert.Null(response.StatusCode);
    }

    private sealed record CapturedRequest(string RequestLine, Dictionary<string, string> Headers, string Body);

    /// <summary>Accepts one connection, reads one request (body by Content-Length only) and answers 200 "ok".</summary>
    private static async Task<CapturedRequest> Capture(TcpListener listener)
    {
        using var socket = await listener.AcceptTcpClientAsync();
        var stream = socket.GetStream();
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                break;
            }

            buffer.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = new byte[headers.TryGetValue("content-length", out var length) ? int.Parse(length, System.Globalization.CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body);
        var answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray();
        await stream.WriteAsync(answer);
        return new CapturedRequest(lines[0], headers, Encoding.UTF8.GetString(body));
    }
}
