using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// Environment for Spilo's configure step, which writes Patroni's configuration. Secrets are only ever referenced
/// (secretKeyRef): the StatefulSet spec is readable by anyone who can read workloads, the Secret is not.
/// </summary>
public static class SpiloEnvironment
{
    /// <param name="bootstrap">
    /// The SPILO_CONFIGURATION of the StatefulSet as it was created, when there is one: bootstrap values are read only
    /// when a cluster is first initialised, so rewriting them would restart every pod for nothing. Live changes go
    /// through Patroni's PATCH /config instead.
    /// </param>
    public static List<V1EnvVar> Build(DesiredInstance instance, KubernetesDriverOptions options, string? bootstrap = null)
    {
        var secret = InstanceNaming.Secret(instance);
        var dcsLabels = new JsonObject
        {
            [InstanceLabels.ManagedBy] = InstanceLabels.ManagedByValue,
            [InstanceLabels.InstanceId] = InstanceLabels.Id(instance.InstanceId),
        };
        return
        [
            Plain("SCOPE", instance.Name),
            Plain("PGVERSION", instance.Spec.PostgresVersion.ToString(CultureInfo.InvariantCulture)),
            Plain("PGROOT", "/home/postgres/pgdata/pgroot"),
            Field("POD_IP", "status.podIP"),
            Field("POD_NAMESPACE", "metadata.namespace"),
            Plain("DCS_ENABLE_KUBERNETES_API", "true"),
            Plain("KUBERNETES_USE_CONFIGMAPS", "true"),
            // Patroni finds its members by these labels plus scope label = SCOPE; its ConfigMaps get them too,
            // which is how deletion finds the ConfigMaps Patroni created.
            Plain("KUBERNETES_LABELS", dcsLabels.ToJsonString()),
            Plain("KUBERNETES_SCOPE_LABEL", InstanceLabels.Instance),
            Plain("KUBERNETES_ROLE_LABEL", options.RoleLabelKey),
            Plain("KUBERNETES_LEADER_LABEL_VALUE", options.PrimaryRoleValue),
            Plain("PGUSER_SUPERUSER", SecretKeys.Superuser),
            Secret("PGPASSWORD_SUPERUSER", secret, SecretKeys.SuperuserPassword),
            Plain("PGUSER_STANDBY", SecretKeys.ReplicationUser),
            Secret("PGPASSWORD_STANDBY", secret, SecretKeys.ReplicationPassword),
            // Patroni reads these directly: they protect the unsafe REST endpoints (switchover, restart, config).
            Secret("PATRONI_RESTAPI_USERNAME", secret, SecretKeys.PatroniApiUsername),
            Secret("PATRONI_RESTAPI_PASSWORD", secret, SecretKeys.PatroniApiPassword),
            Plain(BootstrapVariable, bootstrap ?? PatroniBootstrap(instance, options)),
        ];
    }

    public const string BootstrapVariable = "SPILO_CONFIGURATION";

    /// <summary>
    /// Patroni's dynamic settings for a new cluster. Bootstrap values are read once, when the cluster is first
    /// initialised; later changes need Patroni's PATCH /config.
    /// </summary>
    public static string PatroniBootstrap(DesiredInstance instance, KubernetesDriverOptions options)
    {
        var dcs = PatroniDynamicSettings.Build(instance, options);
        // JSON is YAML, and Spilo merges SPILO_CONFIGURATION as YAML.
        return new JsonObject { ["bootstrap"] = new JsonObject { ["dcs"] = dcs } }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar Field(string name, string path) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { ApiVersion = "v1", FieldPath = path } },
    };

    private static V1EnvVar Secret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
