using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Kubernetes.Backups;

/// <summary>
/// Spilo's WAL-G archiving to an S3-compatible bucket, configured by the operator. The credentials stay in a Secret the
/// operator names (keys <see cref="AccessKeyIdKey"/> and <see cref="SecretAccessKeyKey"/>); pods only reference it.
/// </summary>
public sealed class WalGBackupOptions
{
    public const string SectionName = "ControlPlane:Provisioning:Kubernetes:Backups";

    /// <summary>Off until an operator names a bucket: without one Spilo archives nothing.</summary>
    public bool Enabled { get; set; }

    public string Bucket { get; set; } = "";

    /// <summary>Each instance archives under <c>s3://{Bucket}/{Prefix}{instanceId}</c>; keyed by id, so a deleted instance's path is still known.</summary>
    public string Prefix { get; set; } = "controlplane/";

    /// <summary>The S3 endpoint for a store other than AWS (MinIO, Ceph), e.g. <c>https://minio.storage.svc:9000</c>.</summary>
    public string? Endpoint { get; set; }

    public string? Region { get; set; }

    /// <summary>Path-style addressing, which most S3-compatible stores need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Stores without server-side encryption (MinIO without KMS) reject WAL-G's default SSE header.</summary>
    public bool DisableServerSideEncryption { get; set; }

    /// <summary>The Secret in each instance's namespace that holds the bucket's credentials.</summary>
    [Required]
    public string CredentialsSecretName { get; set; } = "controlplane-backup-credentials";

    [Required]
    public string AccessKeyIdKey { get; set; } = "AWS_ACCESS_KEY_ID";

    [Required]
    public string SecretAccessKeyKey { get; set; } = "AWS_SECRET_ACCESS_KEY";

    public string PrefixOf(Guid instanceId) => $"s3://{Bucket}/{Prefix}{instanceId:D}";
}
