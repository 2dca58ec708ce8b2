using ControlPlane.Persistence.Operations;
using ControlPlane.Persistence.Outbox;
using ControlPlane.Persistence.Recording;
using ControlPlane.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Persistence;

public static class PersistenceExtensions
{
    public const string ConnectionStringName = "Metadata";

    /// <summary>The metadata database, the outbox and its dispatcher, the operation deadline sweeper and Data Protection.</summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = MetadataConnectionString.Tune(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set."));
        builder.Services.AddDbContextPool<ControlPlaneDbContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("ControlPlane.Migrations"))
            .UseSnakeCaseNamingConvention()
            // A unique violation is an answer here (a taken name is a 409, a failover recorded twice is a duplicate), and
            // whoever catches it decides; a failure nobody handles is logged by the host's exception handling anyway.
            .ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Information), (RelationalEventId.CommandError, LogLevel.Information))));

        builder.Services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<OperationOptions>().BindConfiguration(OperationOptions.SectionName);
        builder.Services.AddScoped<OutboxWriter>();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton(OutboxOrigin.New());
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddSingleton<OutboxMessageTypes>();
        builder.Services.AddSingleton<OperationMetrics>();
        builder.Services.AddSingleton(sp => OutboxDataSource.Create(connectionString, sp.GetRequiredService<IOptions<OutboxOptions>>().Value));
        builder.Services.AddSingleton<OutboxRound>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<OutboxAnnouncer>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxListener>(sp, connectionString));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxListener>());
        builder.Services.AddHostedService<OutboxBacklog>();
        builder.Services.AddHostedService<OutboxCleanup>();
        builder.Services.AddHostedService<OperationDeadlineSweeper>();

        builder.Services.AddControlPlaneDataProtection(sp =>
            new EntityFrameworkCoreXmlRepository<ControlPlaneDbContext>(sp, NullLoggerFactory.Instance));
        return builder;
    }
}
