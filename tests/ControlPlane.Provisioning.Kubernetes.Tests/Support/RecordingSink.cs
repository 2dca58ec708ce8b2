using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>Keeps every observation the pod watcher sends, in order.</summary>
internal sealed class RecordingSink : IInstanceObservationSink
{
    private readonly ConcurrentQueue<InstanceObservation> _observations = new();

    public IReadOnlyList<InstanceObservation> Observations => _observations.ToArray();

    public ValueTask ObserveAsync(InstanceObservation observation, CancellationToken cancellationToken)
    {
        _observations.Enqueue(observation);
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<InstanceObservation> For(Guid instanceId) => Observations.Where(o => o.InstanceId == instanceId).ToList();

    public static string? Leader(InstanceObservation o) => o.Members.SingleOrDefault(m => m.Role == MemberRole.Primary)?.Member;
}
