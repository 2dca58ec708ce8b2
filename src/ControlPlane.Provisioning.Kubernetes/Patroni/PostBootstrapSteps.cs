using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Postgres;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// What the driver does inside the cluster once the pods are ready: Patroni's dynamic synchronous settings and the
/// customer's role and database. Both answer null when done and a requeue when the members cannot be reached yet.
/// </summary>
internal sealed class PostBootstrapSteps(KubernetesDriverOptions options, IHttpClientFactory httpClientFactory, ILogger logger)
{
    private readonly ApplicationDatabase _database = new();

    public static Uri PatroniUrl(string podIp, KubernetesDriverOptions options) => new($"http://{podIp}:{options.PatroniPort}/");

    /// <summary>Null when Patroni's synchronous settings match the spec (patching them if not); a requeue when Patroni cannot be asked.</summary>
    public async Task<ReconcileResult?> EnsurePatroniConfigAsync(DesiredInstance desired, V1Pod leader, CancellationToken cancellationToken)
    {
        var ha = desired.Spec.HighAvailability;
        var api = PatroniUrl(leader.Status.PodIP, options);
        var patroni = new PatroniConfigClient(httpClientFactory.CreateClient(PatroniSwitchoverClient.HttpClientName));
        try
        {
            var config = await patroni.GetAsync(api, cancellationToken);
            var synchronous = config["synchronous_mode"]?.GetValue<bool>() ?? false;
            var strict = config["synchronous_mode_strict"]?.GetValue<bool>() ?? false;
            if (synchronous == ha.Synchronous && strict == ha.Strict)
            {
                return null;
            }

            await patroni.PatchAsync(
                api,
                new JsonObject { ["synchronous_mode"] = ha.Synchronous, ["synchronous_mode_strict"] = ha.Strict },
                desired.Credentials,
                cancellationToken);
            logger.LogInformation(
                "Set Patroni synchronous_mode={Synchronous} synchronous_mode_strict={Strict} for {InstanceId}", ha.Synchronous, ha.Strict, desired.InstanceId);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ReconcileResult.Requeue("patroni-config", $"could not check Patroni's configuration on {leader.Metadata.Name}: {e.Message}", options.RequeueAfter);
        }
    }

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
