using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;
using MassTransit;

namespace ControlPlane.Provisioning.Messaging;

/// <summary>
/// Publishes through the bus itself rather than a scoped IPublishEndpoint: most events come from the reconcile
/// loops and the health monitor, which run outside any consume scope.
/// </summary>
public sealed class MassTransitInstanceEventPublisher(IBus bus) : IInstanceEventPublisher
{
    public Task PublishAsync<TEvent>(TEvent instanceEvent, CancellationToken cancellationToken)
        where TEvent : class, IInstanceEvent =>
        bus.Publish(instanceEvent, cancellationToken);
}
