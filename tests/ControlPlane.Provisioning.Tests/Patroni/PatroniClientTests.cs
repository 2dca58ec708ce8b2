using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Provisioning.Tests.Patroni;

public sealed class PatroniClientTests
{
    [Fact]
    public async Task Should_read_member_status_and_cluster_from_a_live_member()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1", "m2");
        await using var services = PatroniClients.WithTimeouts();
        var client = services.GetRequiredService<PatroniClient>();

        var status = await client.GetMemberStatusAsync(cluster["m2"].ApiUrl);
        var view = await client.GetClusterAsync(new Uri(cluster["m1"].ApiUrl, "patroni"));

        Assert.Equal(PatroniCallOutcome.Answered, status.Outcome);
        Assert.Equal(200, status.StatusCode);
        Assert.True(status.Body!.SyncStandby);
        Assert.Equal(MemberRole.Replica, MemberRoles.Map(status.Body.Role));
        Assert.Equal(["m1", "m2"], view.Body!.Members!.Select(m => m.Name));
    }

    [Fact]
    public async Task Should_report_refused_when_the_member_is_gone()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1");
        await using var services = PatroniClients.WithTimeouts();
        var client = services.GetRequiredService<PatroniClient>();
        await cluster["m1"].KillAsync();

        var status = await client.GetMemberStatusAsync(cluster["m1"].ApiUrl);

        Assert.Equal(PatroniCallOutcome.Refused, status.Outcome);
        Assert.False(status.Answered);
        Assert.Null(status.Body);
    }

    [Fact]
    public async Task Should_report_timed_out_when_the_member_hangs()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1");
        await using var services = PatroniClients.WithTimeouts(request: "00:00:00.300");
        var client = services.GetRequiredService<PatroniClient>();
        cluster["m1"].Delay = TimeSpan.FromSeconds(5);

        var started = TimeProvider.System.GetTimestamp();
        var status = await client.GetMemberStatusAsync(cluster["m1"].ApiUrl);

        Assert.Equal(PatroniCallOutcome.TimedOut, status.Outcome);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Should_count_an_answer_that_is_not_json_as_answered_without_a_body()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1");
        await using var services = PatroniClients.WithTimeouts();
        var client = services.GetRequiredService<PatroniClient>();
        cluster["m1"].StatusOverride = "<html>proxy error</html>";

        var status = await client.GetMemberStatusAsync(cluster["m1"].ApiUrl);

        Assert.True(status.Answered);
        Assert.Null(status.Body);
        Assert.NotNull(status.Error);
    }

    [Fact]
    public async Task Should_read_an_http_1_0_answer_without_content_length_as_patroni_sends_it()
    {
        await using var server = new Http10Server(Fixtures.Read("patroni-leader.json"));
        await using var services = PatroniClients.WithTimeouts();
        var client = services.GetRequiredService<PatroniClient>();

        var first = await client.GetMemberStatusAsync(server.ApiUrl);
        var second = await client.GetMemberStatusAsync(server.ApiUrl);

        Assert.Equal("master", first.Body!.Role);
        Assert.Equal(4, second.Body!.Timeline);
    }

    [Fact]
    public async Task Should_let_the_callers_cancellation_propagate()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1");
        await using var services = PatroniClients.WithTimeouts(request: "00:00:05");
        var client = services.GetRequiredService<PatroniClient>();
        cluster["m1"].Delay = TimeSpan.FromSeconds(5);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetMemberStatusAsync(cluster["m1"].ApiUrl, cts.Token));
    }
}
