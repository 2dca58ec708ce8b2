using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Events;

/// <summary>Publishes worker events to the control plane (over the bus in production).</summary>
public interface IInstanceEventPublisher
{
    Task PublishAsync<TEvent>(TEvent instanceEvent, CancellationToken cancellationToken)
        where TEvent : class, IInstanceEvent;
}
