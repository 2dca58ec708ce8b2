using ControlPlane.Provisioning.Drivers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// What the driver does inside the cluster once the pods are ready: the customer's role and database (Patroni's live
/// settings are Rollout.LiveSettings). Answers null when done and a requeue when the members cannot be reached yet.
/// </summary>
internal sealed class PostBootstrapSteps(KubernetesDriverOptions options, ILogger logger)
{
    public static Uri PatroniUrl(string podIp, KubernetesDriverOptions options) => new($"http://{podIp}:{options.PatroniPort}/");

    public async Task<ReconcileResult?> EnsureApplicationDatabaseAsync(DesiredInstance desired, V1Pod leader, CancellationToken cancellationToken)
    {
        try
        {
            if (await ApplicationDatabase.EnsureAsync(leader.Status.PodIP, options.PostgresPort, desired.Credentials, options.PatroniRequestTimeout, cancellationToken))
            {
                logger.LogInformation("Created the application role and database of {InstanceId} on {Leader}", desired.InstanceId, leader.Metadata.Name);
            }

            return null;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Right after bootstrap PostgreSQL may still refuse connections or be read-only: try again on the next pass.
            return ReconcileResult.Requeue("application-database", $"could not prepare the database on {leader.Metadata.Name}: {e.Message}", options.RequeueAfter);
        }
    }
}
