using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Kubernetes.Backups;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class WalGEnvironmentTests
{
    private static readonly Guid Instance = Guid.Parse("0b1c2d3e-1111-2222-3333-444455556666");
    private static readonly Guid Source = Guid.Parse("99999999-8888-7777-6666-555555555555");

    private static readonly WalGBackupOptions Options = new()
    {
        Enabled = true,
        Bucket = "pg-backups",
        Endpoint = "https://minio.storage.svc:9000",
        Region = "eu-west-1",
        CredentialsSecretName = "bucket-credentials",
        DisableServerSideEncryption = true,
    };

    private static string? Value(IEnumerable<V1EnvVar> variables, string name) => variables.Single(v => v.Name == name).Value;

    [Fact]
    public void Should_archive_with_walg_under_a_prefix_named_by_the_instance_id()
    {
        var variables = WalGEnvironment.Build(Instance, Options, "00 01 * * *", 7);

        Assert.Equal("true", Value(variables, "USE_WALG_BACKUP"));
        Assert.Equal("true", Value(variables, "USE_WALG_RESTORE"));
        Assert.Equal("pg-backups", Value(variables, "WAL_S3_BUCKET"));
        Assert.Equal("s3://pg-backups/controlplane/0b1c2d3e-1111-2222-3333-444455556666", Value(variables, "WALG_S3_PREFIX"));
        Assert.Equal(Value(variables, "WALG_S3_PREFIX"), Value(variables, "WALE_S3_PREFIX"));
        Assert.Equal("00 01 * * *", Value(variables, "BACKUP_SCHEDULE"));
        Assert.Equal("7", Value(variables, "BACKUP_NUM_TO_RETAIN"));
        Assert.Equal("https://minio.storage.svc:9000", Value(variables, "AWS_ENDPOINT"));
        Assert.Equal("true", Value(variables, "AWS_S3_FORCE_PATH_STYLE"));
        Assert.Equal("true", Value(variables, "WALG_DISABLE_S3_SSE"));
    }

    [Fact]
    public void Should_reference_the_operators_secret_for_the_credentials_and_never_hold_them()
    {
        var variables = WalGEnvironment.Build(Instance, Options, "00 01 * * *", 7)
            .Concat(WalGEnvironment.BuildClone(new RestoreSource(Source, null), Options))
            .Where(v => v.Name.EndsWith("AWS_ACCESS_KEY_ID", StringComparison.Ordinal) || v.Name.EndsWith("AWS_SECRET_ACCESS_KEY", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(4, variables.Count);
        Assert.All(variables, v =>
        {
            Assert.Null(v.Value);
            Assert.Equal("bucket-credentials", v.ValueFrom.SecretKeyRef.Name);
        });
        Assert.Equal("AWS_SECRET_ACCESS_KEY", variables.Single(v => v.Name == "CLONE_AWS_SECRET_ACCESS_KEY").ValueFrom.SecretKeyRef.Key);
    }

    [Fact]
    public void Should_clone_from_the_source_prefix_to_the_target_time_on_the_latest_timeline()
    {
        var target = new DateTimeOffset(2026, 12, 6, 21, 45, 7, 529, TimeSpan.Zero);
        var variables = WalGEnvironment.BuildClone(new RestoreSource(Source, target), Options);

        Assert.Equal("CLONE_WITH_WALE", Value(variables, "CLONE_METHOD"));
        Assert.Equal("true", Value(variables, "CLONE_USE_WALG_RESTORE"));
        Assert.Equal("s3://pg-backups/controlplane/99999999-8888-7777-6666-555555555555", Value(variables, "CLONE_WALG_S3_PREFIX"));
        Assert.Equal("2026-12-06 21:45:07.529000+00:00", Value(variables, "CLONE_TARGET_TIME"));
        Assert.Equal("latest", Value(variables, "CLONE_TARGET_TIMELINE"));
        Assert.Equal("https://minio.storage.svc:9000", Value(variables, "CLONE_AWS_ENDPOINT"));
    }

    [Fact]
    public void Should_clone_to_the_end_of_the_archive_without_a_target_time()
    {
        Assert.DoesNotContain(WalGEnvironment.BuildClone(new RestoreSource(Source, null), Options), v => v.Name == "CLONE_TARGET_TIME");
    }
}
