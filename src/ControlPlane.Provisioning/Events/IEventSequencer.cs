namespace ControlPlane.Provisioning.Events;

/// <summary>Hands out the per-instance sequence numbers the control plane uses to drop stale or reordered events.</summary>
public interface IEventSequencer
{
    long Next(Guid instanceId);
}
