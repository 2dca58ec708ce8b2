using ControlPlane.Provisioning.Messaging;
using MassTransit;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Consumers;

public sealed class RequestBackupConsumerDefinition : ConsumerDefinition<RequestBackupConsumer>
{
    private readonly WorkerMessagingOptions _options;

    public RequestBackupConsumerDefinition(IOptions<WorkerMessagingOptions> options)
    {
        _options = options.Value;
        ConcurrentMessageLimit = _options.ConcurrentMessageLimit;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<RequestBackupConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        consumerConfigurator.UseMessageRetry(retry => retry.ApplyWorkerPolicy(_options));
}
