using ControlPlane.Provisioning.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Consumers;

public sealed class ReconcileInstanceConsumerDefinition : ConsumerDefinition<ReconcileInstanceConsumer>
{
    private readonly WorkerMessagingOptions _options;

    public ReconcileInstanceConsumerDefinition(IOptions<WorkerMessagingOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<ReconcileInstanceConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(retry => retry.ApplyWorkerPolicy(_options));
}
