using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Postgres;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// What the driver does inside the cluster once the pods are ready: the customer's role and database (Patroni's live
/// settings are Rollout.LiveSettings). Answers null when done and a requeue when the members cannot be reached yet.
/// </summary>
internal sealed class PostBootstrapSteps(KubernetesDriverOptions options, ILogger logger)
{
    private readonly ApplicationDatabase _database = new();

    public static Uri PatroniUrl(string podIp, KubernetesDriverOptions options) => new($"http://{podIp}:{options.PatroniPort}/");

    /// <summary>
    /// Null when the customer's role and database exist on the leader and the desired password logs in (set as a SCRAM
    /// verifier when not, which is how a rotation reaches PostgreSQL); a requeue while PostgreSQL cannot be reached.
    /// </summary>
    public async Task<ReconcileResult?> EnsureApplicationDatabaseAsync(DesiredInstance desired, V1Pod leader, CancellationToken cancellationToken)
    {
        try
        {
            var server = new PostgresServer(leader.Status.PodIP, options.PostgresPort, SecretKeys.Superuser, options.PatroniRequestTimeout);
            var changes = await _database.EnsureAsync(server, desired.Credentials, cancellationToken);
            if (changes.Count > 0)
            {
                logger.LogInformation(
                    "Application database of {InstanceId} on {Leader}: {Changes}", desired.InstanceId, leader.Metadata.Name, string.Join(", ", changes));
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
