using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Outbox;
using ControlPlane.Recording.Outbox;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Api.Tests;

public sealed class OutboxDispatchTests(SignalOnlyOutboxFixture api) : IClassFixture<SignalOnlyOutboxFixture>
{
    [Fact]
    public async Task Should_send_a_command_committed_while_a_round_awaits_the_broker_without_waiting_for_that_round()
    {
        var tenant = await api.CreateTenantAsync();
        var held = new HeldSend();
        using var observer = api.Factory.Services.GetRequiredService<IBus>().ConnectSendObserver(held);
        try
        {
            var first = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
            Assert.Equal(first, await held.Held.WaitAsync(TimeSpan.FromSeconds(20)));

            var second = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
            await Eventually.GetAsync(
                () => Task.FromResult(Received(second)), n => n == 1, "the second command while the first is held", TimeSpan.FromSeconds(10));
            Assert.Equal(0, Received(first));
            await Eventually.GetAsync(
                () => api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"), n => n == 1, "only the held row to be unsent");
        }
        finally
        {
            held.Release();
        }

        await Eventually.GetAsync(
            () => api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"), n => n == 0, "the held row to be marked sent");
        Assert.Equal(1, Received(await held.Held));
    }

    [Fact]
    public async Task Should_send_each_row_once_when_rounds_run_side_by_side()
    {
        const int count = 260;
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using (var scope = api.Factory.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<OutboxWriter>();
            foreach (var id in ids)
            {
                outbox.Send(api.Region, new ReconcileInstance(id, Guid.NewGuid(), api.Region, 1, Guid.NewGuid(), "create", DateTimeOffset.UtcNow));
            }

            await scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>().SaveChangesAsync();
            // One signal for 260 rows in batches of 50: the rounds after the first are started by full batches.
            scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
        }

        await Eventually.GetAsync(
            () => api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"), n => n == 0, "the outbox to drain");
        await Task.Delay(300);
        var received = api.Commands.OfType<ReconcileInstance>().Where(c => ids.Contains(c.InstanceId)).GroupBy(c => c.InstanceId).ToList();
        Assert.Equal(count, received.Count);
        Assert.All(received, g => Assert.Single(g));
    }

    [Fact]
    public async Task Should_send_every_row_of_concurrent_commits_without_the_poll()
    {
        // Sixteen writers commit one row each, 100 times, signalling after each commit as the API does; the poll is ten
        // minutes away, so a row whose wake-up was lost stays unsent.
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await using var scope = api.Factory.Services.CreateAsyncScope();
                var id = Guid.NewGuid();
                scope.ServiceProvider.GetRequiredService<OutboxWriter>()
                    .Send(api.Region, new ReconcileInstance(id, Guid.NewGuid(), api.Region, 1, Guid.NewGuid(), "create", DateTimeOffset.UtcNow));
                await scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>().SaveChangesAsync();
                scope.ServiceProvider.GetRequiredService<OutboxSignal>().Notify();
                ids.Add(id);
            }
        })));

        await Eventually.GetAsync(
            () => api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"), n => n == 0, "the outbox to drain", TimeSpan.FromSeconds(10));
    }

    private int Received(Guid instanceId) => api.Commands.OfType<ReconcileInstance>().Count(c => c.InstanceId == instanceId);
}
