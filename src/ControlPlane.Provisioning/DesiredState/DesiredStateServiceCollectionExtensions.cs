using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Provisioning.DesiredState;

public static class DesiredStateServiceCollectionExtensions
{
    /// <summary>The read-only path to desired state: the worker role's data source, the reader, and the key ring.</summary>
    public static IServiceCollection AddWorkerDesiredState(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(WorkerMetadataDataSource.ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{WorkerMetadataDataSource.ConnectionStringName} is required (the worker's read-only role).");
        services.TryAddSingleton(_ => WorkerMetadataDataSource.Create(connectionString));
        services.TryAddSingleton<IDesiredStateReader, NpgsqlDesiredStateReader>();
        services.AddReadOnlyKeyRing(sp => new WorkerKeyViewXmlRepository(sp.GetRequiredService<WorkerMetadataDataSource>()));
        return services;
    }
}
