using ControlPlane.Persistence;
using ControlPlane.Recording.Operations;
using ControlPlane.Recording.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Recording;

public static class RecordingExtensions
{
    /// <summary>
    /// What the API process runs besides its requests: the outbox dispatcher that hands commands to the bus, the consumers
    /// that record the workers' events, and the sweeper that fails overdue operations. Call after <c>AddPersistence()</c>,
    /// whose DbContext and outbox table they work on.
    /// </summary>
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        var connectionString = MetadataConnectionString.From(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OperationOptions>().BindConfiguration(OperationOptions.SectionName);
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(OutboxOrigin.New());
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<OutboxMessageTypes>();
        services.AddSingleton<OperationMetrics>();
        services.AddSingleton(sp => OutboxDataSource.Create(connectionString, sp.GetRequiredService<IOptions<OutboxOptions>>().Value));
        services.AddSingleton<OutboxRound>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddHostedService<OutboxAnnouncer>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxListener>(sp, connectionString));
        services.AddHostedService(sp => sp.GetRequiredService<OutboxListener>());
        services.AddHostedService<OutboxBacklog>();
        services.AddHostedService<OutboxCleanup>();
        services.AddHostedService<OperationDeadlineSweeper>();

        // The bus after the services above, as before the split: hosted services start in registration order and stop in reverse.
        return builder.AddMessaging();
    }
}
