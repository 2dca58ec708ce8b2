using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>The detector takes a switchover it was not told of in memory from the view's running operation.</summary>
public sealed class SwitchoverFromViewTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid _instanceId = Guid.NewGuid();
    private readonly View _view = new();

    [Fact]
    public async Task Should_label_the_change_with_the_running_operation_when_this_process_did_not_ask()
    {
        var operationId = Guid.NewGuid();
        var (detector, publisher) = Detector(new ExpectedSwitchovers(_time, _view));
        await SeeAsync(detector, Leader("m1"), Replica("m2", sync: true));
        _view.Running = new PendingSwitchover(operationId, "m2", "m1", _time.GetUtcNow());

        await SeeAsync(detector, Replica("m1", timeline: 2), Leader("m2", timeline: 2));

        var change = Assert.Single(publisher.Of<LeaderChanged>());
        Assert.Equal((LeaderChanged.Switchover, (Guid?)operationId), (change.Kind, change.OperationId));
    }

    [Fact]
    public async Task Should_answer_one_change_per_operation_even_while_the_view_still_shows_it()
    {
        var (detector, publisher) = Detector(new ExpectedSwitchovers(_time, _view));
        await SeeAsync(detector, Leader("m1"), Replica("m2", sync: true));
        _view.Running = new PendingSwitchover(Guid.NewGuid(), null, null, _time.GetUtcNow());

        await SeeAsync(detector, Replica("m1", timeline: 2), Leader("m2", timeline: 2));
        _time.Advance(TimeSpan.FromSeconds(5));
        await SeeAsync(detector, Leader("m1", timeline: 3), Replica("m2", timeline: 3));

        Assert.Equal([LeaderChanged.Switchover, LeaderChanged.Failover], publisher.Of<LeaderChanged>().Select(c => c.Kind));
    }

    [Fact]
    public async Task Should_record_a_failover_when_the_view_cannot_be_read()
    {
        _view.Broken = true;
        var (detector, publisher) = Detector(new ExpectedSwitchovers(_time, _view));
        await SeeAsync(detector, Leader("m1"), Replica("m2", sync: true));

        await SeeAsync(detector, Replica("m1", timeline: 2), Leader("m2", timeline: 2));

        Assert.Equal(LeaderChanged.Failover, Assert.Single(publisher.Of<LeaderChanged>()).Kind);
    }

    [Fact]
    public void Should_start_a_new_follower_from_the_leader_the_running_switchover_was_asked_of()
    {
        var sighting = new LeaderSighting("m2", _time.GetUtcNow());
        var running = new PendingSwitchover(Guid.NewGuid(), "m2", "m1", _time.GetUtcNow());

        Assert.Equal("m1", SwitchoverBaseline.For(running, sighting)?.Member);
        Assert.Equal("m2", SwitchoverBaseline.For(null, sighting)?.Member);
        Assert.Equal("m2", SwitchoverBaseline.For(running with { Leader = null }, sighting)?.Member);
        Assert.Null(SwitchoverBaseline.For(running, null));
    }

    private (FailoverDetector Detector, RecordingPublisher Publisher) Detector(IExpectedSwitchovers expected)
    {
        var instances = new MonitoredInstances();
        instances.Track(_instanceId, new MonitoredInstance(1, new HighAvailabilityExpectation(2, true, false), []));
        var publisher = new RecordingPublisher();
        var detector = new FailoverDetector(instances, expected, publisher, new LeaseEventSequencer(new FakeOwnership()),
            new TestOptionsMonitor<HealthMonitorOptions>(new HealthMonitorOptions()), _time, NullLogger<FailoverDetector>.Instance);
        return (detector, publisher);
    }

    private ValueTask SeeAsync(FailoverDetector detector, params MemberObservation[] members) =>
        detector.ObserveAsync(new InstanceObservation(_instanceId, ObservationSources.Patroni, _time.GetUtcNow(), members), CancellationToken.None);

    private sealed class View : IDesiredStateReader
    {
        public PendingSwitchover? Running { get; set; }

        public bool Broken { get; set; }

        public Task<PendingSwitchover?> GetPendingSwitchoverAsync(Guid instanceId, CancellationToken cancellationToken) =>
            Broken ? throw new TimeoutException("metadata database unreachable") : Task.FromResult(Running);

        public Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<Guid> ListLiveIdsAsync(string region, CancellationToken cancellationToken) => throw new NotSupportedException();

        public IAsyncEnumerable<LiveInstance> ListLiveAsync(string region, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
