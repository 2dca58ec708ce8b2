using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>The real loop, client and detector against fake Patroni members on loopback, in real time.</summary>
public sealed class HealthMonitorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    // How long to wait for what must come; generous, because a wait ends as soon as it comes (seen: the first report
    // took more than 5 s on a machine at load 15 with the JIT still warming up).
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static ServiceProvider BuildServices(RecordingPublisher publisher, TimeSpan? interval = null, TimeSpan? leaderLostInterval = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{HealthMonitorOptions.SectionName}:Interval"] = (interval ?? Interval).ToString(),
            [$"{HealthMonitorOptions.SectionName}:ProbeTimeout"] = "00:00:01",
            ["ControlPlane:Patroni:ConnectTimeout"] = "00:00:00.500",
            ["ControlPlane:Patroni:RequestTimeout"] = "00:00:00.500",
        };
        if (leaderLostInterval is { } fast)
        {
            settings[$"{HealthMonitorOptions.SectionName}:LeaderLostInterval"] = fast.ToString();
        }

        return PatroniClients.BuildServices(settings, services => services.AddSingleton<IInstanceEventPublisher>(publisher));
    }

    [Fact]
    public async Task Should_see_a_killed_leader_within_two_intervals_and_record_one_failover()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1", "m2", "m3");
        cluster["m2"].Lag = 300;
        cluster["m3"].Lag = 700;
        var publisher = new RecordingPublisher();
        await using var services = BuildServices(publisher);
        var instanceId = Guid.NewGuid();
        services.GetRequiredService<IMonitoredInstances>().Track(instanceId, new MonitoredInstance(9, new(3, true, false), cluster.Endpoints));
        var monitor = services.GetServices<IHostedService>().OfType<HealthMonitor>().Single();
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            var healthy = await publisher.WaitForAsync<InstanceHealthReported>(h => h.Health == InstanceHealthStates.Healthy, Patience);
            Assert.Equal("m1", healthy.PrimaryMember);
            Assert.True(healthy.SynchronouslyDurable);
            Assert.Equal(9, healthy.ObservedGeneration);

            var killedAt = TimeProvider.System.GetTimestamp();
            await cluster["m1"].KillAsync();
            var failingOver = await publisher.WaitForAsync<InstanceHealthReported>(
                h => h.Reason.StartsWith(InstanceHealthReasons.FailingOver, StringComparison.Ordinal), Patience);
            var detectedAfter = TimeProvider.System.GetElapsedTime(killedAt);
            // Measured from the start of the kill, which includes Kestrel closing its connections.
            Assert.True(detectedAfter <= 2 * Interval + TimeSpan.FromMilliseconds(500), $"loss seen after {detectedAfter}");
            Assert.Equal(InstanceHealthStates.Unavailable, failingOver.Health);

            cluster.Promote("m2", timeline: 2);
            var change = await publisher.WaitForAsync<LeaderChanged>(_ => true, Patience);
            await Task.Delay(3 * Interval);

            Assert.Single(publisher.Of<LeaderChanged>());
            Assert.Equal(LeaderChanged.Failover, change.Kind);
            Assert.Equal(("m1", "m2", 2), (change.OldPrimary, change.NewPrimary, change.NewTimeline));
            Assert.NotNull(change.PrimaryLostAt);
            Assert.True(change.Downtime > TimeSpan.Zero);
            Assert.Equal(300, change.LastSeenLagBytes);
            Assert.True(change.PromotedWasSynchronous);
            Assert.Equal(ObservationSources.Patroni, change.Source);
            Assert.Equal("m2", publisher.Of<InstanceHealthReported>()[^1].PrimaryMember);
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Should_record_a_promotion_soon_after_it_happens_by_probing_an_instance_whose_leader_is_lost_more_often()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1", "m2");
        var publisher = new RecordingPublisher();
        var slow = TimeSpan.FromSeconds(3);
        await using var services = BuildServices(publisher, slow, leaderLostInterval: TimeSpan.FromMilliseconds(100));
        services.GetRequiredService<IMonitoredInstances>().Track(Guid.NewGuid(), new MonitoredInstance(1, new(2, true, false), cluster.Endpoints));
        var monitor = services.GetServices<IHostedService>().OfType<HealthMonitor>().Single();
        await monitor.StartAsync(CancellationToken.None);
        try
        {
            await publisher.WaitForAsync<InstanceHealthReported>(h => h.Health == InstanceHealthStates.Healthy, Patience);
            await cluster["m1"].KillAsync();
            // Seen lost by a regular poll (up to one slow interval after the kill); the next regular one is a slow interval away.
            await publisher.WaitForAsync<InstanceHealthReported>(
                h => h.Reason.StartsWith(InstanceHealthReasons.FailingOver, StringComparison.Ordinal), slow + Patience);

            var promotedAt = TimeProvider.System.GetTimestamp();
            cluster.Promote("m2", timeline: 2);
            var change = await publisher.WaitForAsync<LeaderChanged>(_ => true, Patience);
            var recordedAfter = TimeProvider.System.GetElapsedTime(promotedAt);

            Assert.Equal("m2", change.NewPrimary);
            Assert.True(recordedAfter < TimeSpan.FromSeconds(1), $"promotion recorded after {recordedAfter}, regular interval {slow}");
        }
        finally
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Should_keep_polling_other_instances_when_one_cannot_be_reached()
    {
        await using var good = await FakePatroniCluster.StartAsync("a1");
        await using var bad = await FakePatroniCluster.StartAsync("b1");
        bad["b1"].Delay = TimeSpan.FromSeconds(10);
        var publisher = new RecordingPublisher();
        await using var services = BuildServices(publisher);
        var instances = services.GetRequiredService<IMonitoredInstances>();
        var goodId = Guid.NewGuid();
        var badId = Guid.NewGuid();
        instances.Track(badId, new MonitoredInstance(1, new(1, false, false), bad.Endpoints));
        instances.Track(goodId, new MonitoredInstance(1, new(1, false, false), good.Endpoints));
        var monitor = services.GetServices<IHostedService>().OfType<HealthMonitor>().Single();

        await monitor.PollOnceAsync(CancellationToken.None);

        var reports = publisher.Of<InstanceHealthReported>();
        Assert.Equal(InstanceHealthStates.Healthy, reports.Single(r => r.InstanceId == goodId).Health);
        Assert.StartsWith(InstanceHealthReasons.NoMemberReachable, reports.Single(r => r.InstanceId == badId).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_to_start_with_an_interval_of_zero()
    {
        using var services = PatroniClients.BuildServices(new Dictionary<string, string?>
        {
            [$"{HealthMonitorOptions.SectionName}:Interval"] = "00:00:00",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HealthMonitorOptions>>().Value);
        Assert.Contains(nameof(HealthMonitorOptions.Interval), error.Message, StringComparison.Ordinal);
    }
}
