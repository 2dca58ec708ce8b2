using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Provisioning.Events;

/// <summary>
/// Hands out the per-instance sequence numbers the control plane uses to drop stale or reordered events, and refuses
/// to when this worker does not own the instance: no sequence, no event.
/// </summary>
public interface IEventSequencer
{
    /// <summary>Under the instance's current lease; throws <see cref="LeaseLostException"/> when this worker does not own it.</summary>
    long Next(Guid instanceId);

    /// <summary>Under <paramref name="lease"/> (a pass's own); throws <see cref="LeaseLostException"/> once it is no longer valid.</summary>
    long Next(InstanceLease lease);
}
