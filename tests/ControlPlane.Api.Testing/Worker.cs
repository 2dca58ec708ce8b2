using System.Text.Json.Nodes;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Testing;

/// <summary>What a worker would report, published on the test bus, and the waits for the API to show it.</summary>
public static class Worker
{
    public static readonly InstanceEndpoints Endpoints = new("127.0.0.1", 6432, "127.0.0.1", 6433);

    public static InstanceReady Ready(Guid instanceId, long generation, long sequence, string primary = "pg-0") =>
        new(instanceId, null, generation, sequence, DateTimeOffset.UtcNow, Endpoints, primary);

    public static InstanceHealthReported Health(Guid instanceId, long sequence, string health, params MemberHealth[] members) =>
        new(instanceId, 1, sequence, DateTimeOffset.UtcNow, health, health == InstanceHealthStates.Healthy ? "AllMembersRunning" : "Reported",
            members.FirstOrDefault(m => m.Role == MemberRole.Primary)?.Name, members.Any(m => m.Synchronous), members);

    public static MemberHealth Primary(string name) => new(name, "127.0.0.1", 6000, MemberRole.Primary, "running", 0, 1, false);

    public static MemberHealth Replica(string name, bool synchronous = false, string state = "streaming") =>
        new(name, "127.0.0.1", 6001, MemberRole.Replica, state, 0, 1, synchronous);

    /// <summary>Reports the instance ready at its current generation and waits until the API says available.</summary>
    public static async Task<JsonNode> MakeAvailableAsync(this ApiFixture api, ApiClient client, Guid instanceId, long sequence)
    {
        var current = (await client.GetAsync($"/v1/instances/{instanceId}")).Json;
        await api.PublishAsync(Ready(instanceId, current["generation"]!.GetValue<long>(), sequence));
        return await WaitForInstanceAsync(client, instanceId, i => i["status"]!.GetValue<string>() == "available", "available");
    }

    public static async Task<JsonNode> WaitForInstanceAsync(ApiClient client, Guid instanceId, Func<JsonNode, bool> done, string what) =>
        await Eventually.GetAsync(
            async () => (await client.GetAsync($"/v1/instances/{instanceId}")).Json,
            done,
            $"instance {instanceId} to be {what}");
}
