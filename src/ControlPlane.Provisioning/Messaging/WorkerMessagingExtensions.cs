using ControlPlane.Contracts.Commands;
using ControlPlane.Provisioning.Consumers;
using ControlPlane.Provisioning.Events;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Provisioning.Messaging;

public static class WorkerMessagingExtensions
{
    /// <summary>
    /// MassTransit on RabbitMQ (ConnectionStrings:RabbitMq), consuming the region's command queue and publishing
    /// worker events. Both consumers only wake the instance's reconcile pass, so they need the reconciler's queue.
    /// </summary>
    public static IServiceCollection AddWorkerMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerMessagingOptions>().Bind(configuration.GetSection(WorkerMessagingOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        var region = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>()?.Region ?? new WorkerOptions().Region;
        var rabbit = RabbitMqAddress.Parse(configuration.GetConnectionString(RabbitMqAddress.ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{RabbitMqAddress.ConnectionStringName} is required."));

        services.TryAddSingleton<IInstanceEventPublisher, MassTransitInstanceEventPublisher>();
        services.AddMassTransit(bus =>
        {
            // No usage reports to the vendor: the worker talks to its own broker and nothing else.
            bus.DisableUsageTelemetry();
            bus.AddConsumer<ReconcileInstanceConsumer, ReconcileInstanceConsumerDefinition>();
            bus.AddConsumer<RequestSwitchoverConsumer, RequestSwitchoverConsumerDefinition>();
            bus.AddConsumer<RequestBackupConsumer, RequestBackupConsumerDefinition>();
            bus.UsingRabbitMq((context, rabbitMq) =>
            {
                rabbitMq.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                {
                    host.Username(rabbit.Username);
                    host.Password(rabbit.Password);
                });

                // One durable queue per region; every worker of the region competes on it. Commands are sent to it
                // (CommandQueues.AddressForRegion), so the command exchanges are not bound: a bound exchange would copy
                // every region's commands into every region's queue.
                rabbitMq.ReceiveEndpoint(CommandQueues.ForRegion(region), endpoint =>
                {
                    endpoint.ConfigureConsumeTopology = false;
                    endpoint.ConfigureConsumer<ReconcileInstanceConsumer>(context);
                    endpoint.ConfigureConsumer<RequestSwitchoverConsumer>(context);
                    endpoint.ConfigureConsumer<RequestBackupConsumer>(context);
                });
            });
        });
        services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = true);
        return services;
    }
}
