using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Recording;

public static class MessagingExtensions
{
    public const string ConnectionStringName = "RabbitMq";
    public const string EventsQueue = "controlplane-events";

    /// <summary>
    /// Overrides the events queue for a control plane that shares its broker with another (the API tests run several at
    /// once). Workers publish events, so every bound queue gets its own copy; replicas of one API must share one name.
    /// </summary>
    public const string EventsQueueSetting = "ControlPlane:Messaging:EventsQueue";

    /// <summary>
    /// MassTransit on RabbitMQ for the API process: it sends commands (from the outbox only) and records the worker's
    /// events. The host does not wait for the broker: with RabbitMQ down the API keeps accepting requests.
    /// Part of <see cref="RecordingExtensions.AddRecording"/>: the bus is there for the dispatcher and the consumers.
    /// </summary>
    internal static IHostApplicationBuilder AddMessaging(this IHostApplicationBuilder builder)
    {
        var uri = new Uri(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set."));
        var eventsQueue = builder.Configuration[EventsQueueSetting] is { Length: > 0 } configured ? configured : EventsQueue;
        builder.Services.AddMassTransit(x =>
        {
            // No usage reports to the vendor: this service talks to its own broker and nothing else.
            x.DisableUsageTelemetry();
            x.AddConsumer<LifecycleEventsConsumer>();
            x.AddConsumer<HealthReportedConsumer>();
            x.AddConsumer<LeaderChangedConsumer>();
            x.AddConsumer<BackupEventsConsumer>();
            x.AddConsumer<ArchivingReportedConsumer>();
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(uri, h => h.ConnectionName("controlplane-api"));
                cfg.ReceiveEndpoint(eventsQueue, e =>
                {
                    // Consumers update one instance row each: quick retries on xmin conflicts, long ones through a database outage.
                    e.UseRecordingRetry();
                    e.PrefetchCount = 32;
                    e.ConfigureConsumer<LifecycleEventsConsumer>(context);
                    e.ConfigureConsumer<HealthReportedConsumer>(context);
                    e.ConfigureConsumer<LeaderChangedConsumer>(context);
                    e.ConfigureConsumer<BackupEventsConsumer>(context);
                    e.ConfigureConsumer<ArchivingReportedConsumer>(context);
                });
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = false;
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }
}
