using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Fake;

/// <summary>The Patroni double refuses what Patroni 3.0.2's api.py refuses, so a client that real Patroni would reject fails here too.</summary>
public sealed class FakePatroniClusterTests
{
    [Fact]
    public async Task Should_answer_411_to_a_chunked_body_as_patroni_does()
    {
        await using var p = await PatroniHarness.StartAsync(TestInstances.Create());
        using var request = Request(p, HttpMethod.Patch, "config", JsonContent.Create(new { synchronous_mode = false }));

        using var response = await Send(request);

        Assert.Equal(HttpStatusCode.LengthRequired, response.StatusCode);
        Assert.Equal(411, p.Patroni.Calls[^1].Status);
        Assert.True(p.Patroni.Config["synchronous_mode"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Should_refuse_a_switchover_to_an_asynchronous_replica_in_synchronous_mode()
    {
        await using var p = await PatroniHarness.StartAsync(TestInstances.Create());
        using var request = Request(p, HttpMethod.Post, "switchover", Json("""{"leader":"orders-0","candidate":"orders-2"}"""));

        using var response = await Send(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("candidate name does not match with sync_standby", await response.Content.ReadAsStringAsync());
        Assert.Equal("orders-0", p.Leader());
    }

    [Fact]
    public async Task Should_refuse_a_switchover_without_a_leader_and_an_empty_body()
    {
        await using var p = await PatroniHarness.StartAsync(TestInstances.Create());
        using var noLeader = Request(p, HttpMethod.Post, "switchover", Json("""{"candidate":"orders-1"}"""));
        using var empty = Request(p, HttpMethod.Post, "switchover", Json("{}"));

        using var first = await Send(noLeader);
        using var second = await Send(empty);

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal("Switchover could be performed only from a specific leader", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Request(PatroniHarness p, HttpMethod method, string path, HttpContent content)
    {
        var request = new HttpRequestMessage(method, new Uri($"http://{p.Driver.Api.PodIp(p.Namespace, "orders-0")}:{p.Patroni.Port}/{path}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestInstances.PatroniUser}:{TestInstances.PatroniPassword}")));
        return request;
    }

    private static async Task<HttpResponseMessage> Send(HttpRequestMessage request)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        return await http.SendAsync(request);
    }
}
