using ControlPlane.Provisioning.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Consumers;

public sealed class RequestSwitchoverConsumerDefinition : ConsumerDefinition<RequestSwitchoverConsumer>
{
    private readonly WorkerMessagingOptions _options;

    public RequestSwitchoverConsumerDefinition(IOptions<WorkerMessagingOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RequestSwitchoverConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(retry => retry.ApplyWorkerPolicy(_options));
}
