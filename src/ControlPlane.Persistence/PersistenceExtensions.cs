using ControlPlane.Persistence.Outbox;
using ControlPlane.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Persistence;

public static class PersistenceExtensions
{
    public const string ConnectionStringName = "Metadata";

    /// <summary>
    /// The metadata database, the outbox writer and Data Protection's key ring: storage only. What runs on its own in the
    /// API process (the outbox dispatcher, the recording of worker events, the deadline sweeper) is ControlPlane.Recording's
    /// <c>AddRecording()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var connectionString = MetadataConnectionString.From(builder.Configuration);
        builder.Services.AddDbContextPool<ControlPlaneDbContext>(o => o
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("ControlPlane.Migrations"))
            .UseSnakeCaseNamingConvention()
            // A unique violation is an answer here (a taken name is a 409, a failover recorded twice is a duplicate), and
            // whoever catches it decides; a failure nobody handles is logged by the host's exception handling anyway.
            .ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Information), (RelationalEventId.CommandError, LogLevel.Information))));

        builder.Services.AddScoped<OutboxWriter>();

        builder.Services.AddControlPlaneDataProtection(sp =>
            new EntityFrameworkCoreXmlRepository<ControlPlaneDbContext>(sp, NullLoggerFactory.Instance));
        return builder;
    }
}
