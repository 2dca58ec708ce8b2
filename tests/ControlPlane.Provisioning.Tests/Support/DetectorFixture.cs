using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>A failover detector on fake time, with a recording publisher and one tracked instance.</summary>
public sealed class DetectorFixture
{
    public DetectorFixture(HighAvailabilityExpectation? expectation = null, long generation = 7)
    {
        Switchovers = new ExpectedSwitchovers(Time);
        Instances.Track(InstanceId, new MonitoredInstance(generation, expectation ?? new(3, true, false), []));
        Detector = new FailoverDetector(Instances, Switchovers, Publisher, new LeaseEventSequencer(new FakeOwnership()),
            new TestOptionsMonitor<HealthMonitorOptions>(Options), Time, NullLogger<FailoverDetector>.Instance);
    }

    public Guid InstanceId { get; } = Guid.NewGuid();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public HealthMonitorOptions Options { get; } = new() { HeartbeatInterval = TimeSpan.FromSeconds(60) };

    public MonitoredInstances Instances { get; } = new();

    public ExpectedSwitchovers Switchovers { get; }

    public RecordingPublisher Publisher { get; } = new();

    public FailoverDetector Detector { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public static HighAvailabilityExpectation ThreeMembersSynchronous => HighAvailabilityExpectation.From(
        new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Preferred));

    /// <summary>A complete observation from the Patroni monitor, at the current fake time.</summary>
    public ValueTask PatroniSeesAsync(params MemberObservation[] members) =>
        Detector.ObserveAsync(new InstanceObservation(InstanceId, ObservationSources.Patroni, Now, members), CancellationToken.None);

    /// <summary>A single-pod event from the Kubernetes pod watch.</summary>
    public ValueTask PodWatchSeesAsync(MemberObservation pod) =>
        Detector.ObserveAsync(new InstanceObservation(InstanceId, ObservationSources.PodWatch, Now, [pod.AsPod()], Complete: false), CancellationToken.None);

    public void Advance(double seconds) => Time.Advance(TimeSpan.FromSeconds(seconds));
}
