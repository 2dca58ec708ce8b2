using System.Globalization;
using ControlPlane.Provisioning.Backups;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Backups;

/// <summary>
/// Pure builders of the Spilo environment that turns on WAL-G: continuous archiving and scheduled base backups of an
/// instance, and, for a restored one, the clone from its source's prefix to a time (Spilo's CLONE_WITH_WALE method,
/// which WAL-G serves when CLONE_USE_WALG_RESTORE is set). Names follow Spilo's ENVIRONMENT.rst.
/// </summary>
public static class WalGEnvironment
{
    /// <param name="backupSchedule">A cron schedule in UTC for Spilo's base backup job, e.g. <c>00 01 * * *</c>.</param>
    /// <param name="backupsToRetain">Spilo keeps this many base backups (and the WAL they need); daily backups make it the retention in days.</param>
    public static List<V1EnvVar> Build(Guid instanceId, WalGBackupOptions options, string backupSchedule, int backupsToRetain)
    {
        var prefix = options.PrefixOf(instanceId);
        var variables = new List<V1EnvVar>
        {
            Plain("USE_WALG_BACKUP", "true"),
            Plain("USE_WALG_RESTORE", "true"),
            Plain("WAL_S3_BUCKET", options.Bucket),
            // An explicit prefix instead of Spilo's scope-derived one: the path depends on the id alone.
            Plain("WALE_S3_PREFIX", prefix),
            Plain("WALG_S3_PREFIX", prefix),
            Plain("BACKUP_SCHEDULE", backupSchedule),
            Plain("BACKUP_NUM_TO_RETAIN", backupsToRetain.ToString(CultureInfo.InvariantCulture)),
        };
        variables.AddRange(Store(options, ""));
        return variables;
    }

    /// <summary>The clone of a restored instance: its first member restores the source's newest base backup before the target and replays WAL to it.</summary>
    public static List<V1EnvVar> BuildClone(RestoreSource source, WalGBackupOptions options)
    {
        var prefix = options.PrefixOf(source.InstanceId);
        var variables = new List<V1EnvVar>
        {
            Plain("CLONE_METHOD", "CLONE_WITH_WALE"),
            Plain("CLONE_USE_WALG_RESTORE", "true"),
            Plain("CLONE_WAL_S3_BUCKET", options.Bucket),
            Plain("CLONE_WALE_S3_PREFIX", prefix),
            Plain("CLONE_WALG_S3_PREFIX", prefix),
            Plain("CLONE_TARGET_TIMELINE", "latest"),
        };
        if (source.PointInTime is { } target)
        {
            variables.Add(Plain("CLONE_TARGET_TIME", target.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00"));
        }

        variables.AddRange(Store(options, "CLONE_"));
        return variables;
    }

    private static IEnumerable<V1EnvVar> Store(WalGBackupOptions options, string prefix)
    {
        if (options.Endpoint is { } endpoint)
        {
            yield return Plain(prefix + "AWS_ENDPOINT", endpoint);
            yield return Plain(prefix + "WALE_S3_ENDPOINT", endpoint);
        }

        if (options.Region is { } region)
        {
            yield return Plain(prefix + "AWS_REGION", region);
        }

        yield return Plain(prefix + "AWS_S3_FORCE_PATH_STYLE", options.ForcePathStyle ? "true" : "false");
        if (options.DisableServerSideEncryption && prefix.Length == 0)
        {
            yield return Plain("WALG_DISABLE_S3_SSE", "true");
        }

        // Referenced, never copied into the spec: whoever can read workloads cannot read the Secret.
        yield return Secret(prefix + "AWS_ACCESS_KEY_ID", options.CredentialsSecretName, options.AccessKeyIdKey);
        yield return Secret(prefix + "AWS_SECRET_ACCESS_KEY", options.CredentialsSecretName, options.SecretAccessKeyKey);
    }

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar Secret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
