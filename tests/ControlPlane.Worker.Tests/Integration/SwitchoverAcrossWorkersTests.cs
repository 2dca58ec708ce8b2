using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>
/// Failover detectors of several workers over one metadata database, each reading the switchover operation through
/// the worker role's view: none of them needs to be the worker that asked Patroni to tell a switchover from a failover.
/// </summary>
public sealed class SwitchoverAcrossWorkersTests : IAsyncLifetime
{
    private const string Region = "eu-test";
    private ScratchDatabase _database = null!;
    private readonly List<WorkerMetadataDataSource> _sources = [];

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.PostgresVariable) is not null)
        {
            _database = await ScratchDatabase.CreateAsync();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Should_record_the_change_as_the_switchover_on_a_worker_that_did_not_ask_for_it()
    {
        var row = TestRows.Instance(Region, "available");
        await _database.UpsertAsync(row);
        var asking = Worker(row.InstanceId, seed: "m1");
        var other = Worker(row.InstanceId, seed: "m1");
        await asking.SeesAsync(Leader("m1"), Replica("m2"));
        await other.SeesAsync(Leader("m1"), Replica("m2"));
        var operationId = await _database.AddSwitchoverAsync(row.InstanceId, "m2", "m1");
        // Only the worker that handed the request to Patroni knows of it in memory.
        asking.Expected.Expect(row.InstanceId, operationId, "m2", DateTimeOffset.UtcNow.AddMinutes(2), "m1");

        await asking.SeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2));
        await other.SeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2));

        foreach (var worker in new[] { asking, other })
        {
            var change = Assert.Single(worker.Publisher.Of<LeaderChanged>());
            Assert.Equal((LeaderChanged.Switchover, operationId, "m1", "m2", 2), (change.Kind, change.OperationId, change.OldPrimary, change.NewPrimary, change.NewTimeline));
        }
    }

    [PostgresFact]
    public async Task Should_record_the_switchover_once_on_a_worker_that_takes_the_instance_over_after_the_switch()
    {
        var row = TestRows.Instance(Region, "available");
        await _database.UpsertAsync(row);
        var operationId = await _database.AddSwitchoverAsync(row.InstanceId, "m2", "m1");
        var reader = new NpgsqlDesiredStateReader(Source(), new FakeUnprotector());
        var desired = (await reader.GetAsync(row.InstanceId, CancellationToken.None))!;
        Assert.Equal(new Provisioning.Drivers.PendingSwitchover(operationId, "m2", "m1", desired.Switchover!.RequestedAt), desired.Switchover);

        // Its first pass found m2 leading; tracking starts from the leader the switchover was asked of.
        var next = Worker(row.InstanceId, MonitoredInstance.From(desired, [], new LeaderSighting("m2", DateTimeOffset.UtcNow)));
        await next.SeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2));
        await next.SeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2));

        var change = Assert.Single(next.Publisher.Of<LeaderChanged>());
        Assert.Equal((LeaderChanged.Switchover, operationId, "m1", "m2"), (change.Kind, change.OperationId, change.OldPrimary, change.NewPrimary));
    }

    [PostgresFact]
    public async Task Should_record_a_failover_once_the_switchover_operation_is_over_or_from_another_leader()
    {
        var row = TestRows.Instance(Region, "available");
        await _database.UpsertAsync(row);
        var worker = Worker(row.InstanceId, seed: "m1");
        await worker.SeesAsync(Leader("m1"), Replica("m2"), Replica("m3"));
        var operationId = await _database.AddSwitchoverAsync(row.InstanceId, "m2", "m1");
        await worker.SeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2), Replica("m3", timeline: 2));

        // Still running in the view (the API has not recorded the change yet), but it was asked of m1, not m2.
        await worker.SeesAsync(Leader("m3", timeline: 3), Replica("m1", timeline: 3));
        await _database.SetSwitchoverStatusAsync(row.InstanceId, operationId, "succeeded");
        var failed = await _database.AddSwitchoverAsync(row.InstanceId, "m1", "m3", status: "failed");
        await worker.SeesAsync(Leader("m1", timeline: 4), Replica("m3", timeline: 4));

        var changes = worker.Publisher.Of<LeaderChanged>();
        Assert.Equal(
            [(LeaderChanged.Switchover, (Guid?)operationId), (LeaderChanged.Failover, null), (LeaderChanged.Failover, null)],
            changes.Select(c => (c.Kind, c.OperationId)).ToList());
        Assert.DoesNotContain(changes, c => c.OperationId == failed);
    }

    private DetectingWorker Worker(Guid instanceId, string seed) =>
        Worker(instanceId, new MonitoredInstance(1, new HighAvailabilityExpectation(3, true, false), []) { Leader = new LeaderSighting(seed, DateTimeOffset.UtcNow) });

    private DetectingWorker Worker(Guid instanceId, MonitoredInstance monitored)
    {
        var instances = new MonitoredInstances();
        instances.Track(instanceId, monitored);
        var expected = new ExpectedSwitchovers(TimeProvider.System, new NpgsqlDesiredStateReader(Source(), new FakeUnprotector()));
        var publisher = new RecordingPublisher();
        var detector = new FailoverDetector(instances, expected, publisher, new LeaseEventSequencer(new FakeOwnership()),
            new FixedOptions(new HealthMonitorOptions()), TimeProvider.System, NullLogger<FailoverDetector>.Instance);
        return new DetectingWorker(instanceId, detector, expected, publisher);
    }

    private WorkerMetadataDataSource Source()
    {
        var source = WorkerMetadataDataSource.Create(_database.WorkerConnectionString);
        _sources.Add(source);
        return source;
    }

    private static MemberObservation Leader(string name, int timeline = 1) =>
        new(name, "127.0.0.1", 5432, MemberRole.Primary, "running", true, true, null, timeline, false);

    private static MemberObservation Replica(string name, int timeline = 1, bool sync = true) =>
        new(name, "127.0.0.1", 5432, MemberRole.Replica, "streaming", true, true, 0, timeline, sync);

    private sealed record DetectingWorker(Guid InstanceId, FailoverDetector Detector, ExpectedSwitchovers Expected, RecordingPublisher Publisher)
    {
        public ValueTask SeesAsync(params MemberObservation[] members) =>
            Detector.ObserveAsync(new InstanceObservation(InstanceId, ObservationSources.Patroni, DateTimeOffset.UtcNow, members), CancellationToken.None);
    }

    private sealed class FixedOptions(HealthMonitorOptions value) : IOptionsMonitor<HealthMonitorOptions>
    {
        public HealthMonitorOptions CurrentValue => value;

        public HealthMonitorOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<HealthMonitorOptions, string?> listener) => null;
    }
}
