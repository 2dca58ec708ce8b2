using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Recording.Outbox;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ControlPlane.Api.Tests;

/// <summary>
/// Several API processes share one outbox: a row committed by one may be sent by another's dispatcher. The fixture's
/// host polls every ten minutes, so these pass only if the commit itself wakes it.
/// </summary>
public sealed class OutboxNotificationTests(SignalOnlyOutboxFixture api) : IClassFixture<SignalOnlyOutboxFixture>
{
    private static readonly TimeSpan WellBeforeThePoll = TimeSpan.FromSeconds(5);

    private Tenant? _tenant;

    [Fact]
    public async Task Should_dispatch_a_row_committed_by_another_api_process_well_before_the_poll_interval()
    {
        var writer = WriterWithoutDispatcher();
        await WaitUntilListeningAsync();

        var id = await CommitThroughAsync(writer);

        await WaitForCommandAsync(id);
    }

    [Fact]
    public async Task Should_dispatch_rows_committed_while_the_listener_was_cut_off_once_it_reconnects()
    {
        var writer = WriterWithoutDispatcher();
        await WaitUntilListeningAsync();
        var listener = api.Factory.Services.GetRequiredService<OutboxListener>();

        Assert.True(await TerminateListenerSessionsAsync() >= 1);
        await Eventually.GetAsync(() => Task.FromResult(listener.IsListening), listening => !listening, "the listener to notice", WellBeforeThePoll);
        var whileCutOff = await CommitThroughAsync(writer);
        await WaitForCommandAsync(whileCutOff);

        await WaitUntilListeningAsync();
        await WaitForCommandAsync(await CommitThroughAsync(writer));
    }

    /// <summary>A second API process on the same database whose own dispatcher does not run, so only the fixture's host can send.</summary>
    private WebApplicationFactory<Program> WriterWithoutDispatcher()
    {
        var writer = api.StartAnotherHost(services =>
        {
            foreach (var dispatcher in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)).ToList())
            {
                services.Remove(dispatcher);
            }
        });
        _ = writer.Services;
        return writer;
    }

    /// <summary>A create through the other process's API: its commit path, as a client would drive it.</summary>
    private async Task<Guid> CommitThroughAsync(WebApplicationFactory<Program> host)
    {
        _tenant ??= await api.CreateTenantAsync();
        var created = await new ApiClient(host.CreateClient(), _tenant.Api.Key).PostAsync("/v1/instances", api.NewInstance());
        Assert.Equal(System.Net.HttpStatusCode.Accepted, created.Status);
        return created.Json.Id();
    }

    private Task WaitUntilListeningAsync()
    {
        var listener = api.Factory.Services.GetRequiredService<OutboxListener>();
        return Eventually.GetAsync(() => Task.FromResult(listener.IsListening), listening => listening, "the outbox listener to LISTEN", TimeSpan.FromSeconds(20));
    }

    private Task WaitForCommandAsync(Guid id) =>
        Eventually.GetAsync(
            () => api.ScalarAsync<long>("select count(*) from outbox_messages where body->>'instanceId' = $1 and sent_at is not null", id.ToString()),
            n => n == 1, $"the row for {id} to be sent by the other process's dispatcher", WellBeforeThePoll);

    private async Task<long> TerminateListenerSessionsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var terminate = new NpgsqlCommand(
            """
            with listeners as materialized (
                select pid from pg_stat_activity
                where datname = current_database() and usename = current_user and application_name = 'controlplane-outbox-listener')
            select count(*) from listeners where pg_terminate_backend(pid)
            """,
            connection);
        return (long)(await terminate.ExecuteScalarAsync())!;
    }
}
