using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;

namespace ControlPlane.Api.Tests;

public sealed class BrokerOutageTests(ProxiedBrokerFixture api) : IClassFixture<ProxiedBrokerFixture>
{
    [Fact]
    public async Task Should_accept_requests_while_the_broker_is_down_and_send_every_command_once_it_is_back()
    {
        const int count = 5;
        var tenant = await api.CreateTenantAsync();
        api.Proxy.TakeDown();

        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
            Assert.True(created.Status == HttpStatusCode.Accepted, created.ToString());
            ids.Add(created.Json.Id());
        }

        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous.GetAsync("/readyz")).Status);
        await Task.Delay(1500);
        Assert.DoesNotContain(api.Commands.OfType<ReconcileInstance>(), c => ids.Contains(c.InstanceId));
        Assert.Equal((long)count, await api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"));

        api.Proxy.BringUp();

        var received = await Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<ReconcileInstance>().Where(c => ids.Contains(c.InstanceId)).ToList()),
            c => c.Count >= count,
            $"{count} commands after the broker came back",
            TimeSpan.FromSeconds(60));
        Assert.Equal(ids.Order(), received.Select(c => c.InstanceId).Order());
        await Eventually.GetAsync(
            () => api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"), n => n == 0, "the outbox to drain");
        Assert.Equal((long)count, await api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is not null"));
    }
}
