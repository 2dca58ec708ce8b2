using ControlPlane.Provisioning.DesiredState;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.Worker;

/// <summary>Ready only while the worker's read-only role reaches the metadata database (it can reconcile nothing without it).</summary>
public sealed class MetadataDatabaseHealthCheck(WorkerMetadataDataSource metadata) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = metadata.DataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("metadata database unreachable: " + ex.GetType().Name);
        }
    }
}
