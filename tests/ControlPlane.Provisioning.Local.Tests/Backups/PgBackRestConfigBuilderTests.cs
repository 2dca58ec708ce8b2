using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Local.Backups;
using ControlPlane.Provisioning.Local.Configuration;

namespace ControlPlane.Provisioning.Local.Tests.Backups;

public sealed class PgBackRestConfigBuilderTests
{
    private static readonly PgBackRestOptions Options = new() { RepositoryDirectory = "/srv/backups", ArchiveTimeout = TimeSpan.FromSeconds(30) };
    private static readonly BackupPaths Paths = new("/var/tmp/cp");
    private static readonly DateTimeOffset Target = new(2026, 12, 6, 21, 45, 7, 529, TimeSpan.Zero);

    [Fact]
    public void Should_name_the_repository_and_each_stanza_with_the_members_data_directory_and_socket()
    {
        var text = PgBackRestConfigBuilder.BuildMember(Options, Paths, ["own", "source"], "/var/tmp/cp/i/slot-0/data", "/var/tmp/cp/i/slot-0", 56000);

        Assert.StartsWith("# Written by the control plane.\n[global]\nrepo1-path=/srv/backups\n", text, StringComparison.Ordinal);
        Assert.Contains("[own]\npg1-path=/var/tmp/cp/i/slot-0/data\npg1-socket-path=/var/tmp/cp/i/slot-0\npg1-port=56000\n", text, StringComparison.Ordinal);
        Assert.Contains("[source]\npg1-path=/var/tmp/cp/i/slot-0/data\n", text, StringComparison.Ordinal);
        Assert.Contains("lock-path=/var/tmp/cp/.pgbackrest/lock\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_postgresql_out_of_the_repository_level_file()
    {
        Assert.DoesNotContain("pg1-", PgBackRestConfigBuilder.BuildRepository(Options, Paths), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_archive_each_segment_to_the_instances_own_stanza_through_the_members_file()
    {
        Assert.Equal(
            "'/usr/bin/pgbackrest' '--config=/var/tmp/cp/i/slot-1/pgbackrest.conf' '--stanza=own' archive-push \"%p\"",
            PgBackRestConfigBuilder.ArchiveCommand(Options, "/var/tmp/cp/i/slot-1/pgbackrest.conf", "own"));
    }

    [Fact]
    public void Should_turn_archiving_on_cluster_wide_with_the_configured_timeout()
    {
        var settings = DynamicSettingsFactory.Build(TestInstances.Desired(TestInstances.Ha(1)), new LocalDriverOptions(), Options);

        Assert.Equal("on", settings.Parameters["archive_mode"]);
        Assert.Equal("30", settings.Parameters["archive_timeout"]);
    }

    [Fact]
    public void Should_bootstrap_a_restored_member_from_the_source_stanza_to_the_target_time_and_promote()
    {
        var plan = new RestorePlan("source", Target, "20261206-214458F");
        var bootstrap = PgBackRestConfigBuilder.RestoreBootstrap(Options, "/m/pgbackrest.conf", "/m/restore-bootstrap.sh", plan);
        var script = PgBackRestConfigBuilder.BuildRestoreScript(Options, "/m/pgbackrest.conf", "/m/data", plan);

        Assert.Equal("/bin/sh '/m/restore-bootstrap.sh'", bootstrap["command"]!.GetValue<string>());
        Assert.True(bootstrap["no_params"]!.GetValue<bool>());
        var recovery = bootstrap["recovery_conf"]!;
        Assert.Equal("2026-12-06 21:45:07.529000+00", recovery["recovery_target_time"]!.GetValue<string>());
        Assert.Equal("promote", recovery["recovery_target_action"]!.GetValue<string>());
        Assert.Equal("latest", recovery["recovery_target_timeline"]!.GetValue<string>());
        Assert.Contains("'--stanza=source' archive-get %f \"%p\"", recovery["restore_command"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("mkdir -p -m 0700 '/m/data'\n", script, StringComparison.Ordinal);
        Assert.Contains(
            "'--stanza=source' '--set=20261206-214458F' --type=time '--target=2026-12-06 21:45:07.529000+00' --target-action=promote restore", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_restore_to_the_end_of_the_archive_without_a_target_time()
    {
        var plan = new RestorePlan("source", null);

        Assert.Null(PgBackRestConfigBuilder.RestoreBootstrap(Options, "/m/c", "/m/s", plan)["recovery_conf"]!["recovery_target_time"]);
        var script = PgBackRestConfigBuilder.BuildRestoreScript(Options, "/m/c", "/m/data", plan);
        Assert.DoesNotContain("--type=time", script, StringComparison.Ordinal);
        // pgBackRest refuses a target action without a target type.
        Assert.DoesNotContain("--target-action", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_put_the_custom_bootstrap_into_patroni_yml_only_for_a_restored_member()
    {
        var state = TestStates.WithMembers(1);
        var desired = TestInstances.Desired(TestInstances.Ha(0));
        var dynamic = DynamicSettingsFactory.Build(desired, new LocalDriverOptions(), Options);
        var restore = PgBackRestConfigBuilder.RestoreBootstrap(Options, "/m/c", "/m/s", new RestorePlan("source", Target));

        var plain = JsonNode.Parse(PatroniConfigBuilder.BuildMember(state, 0, TestStates.Layout(state), dynamic, desired.Credentials, "/bin", "127.0.0.1", "archive"))!;
        var restored = JsonNode.Parse(PatroniConfigBuilder.BuildMember(state, 0, TestStates.Layout(state), dynamic, desired.Credentials, "/bin", "127.0.0.1", "archive", restore))!;

        Assert.Null(plain["bootstrap"]!["method"]);
        Assert.Equal("archive", plain["postgresql"]!["parameters"]!["archive_command"]!.GetValue<string>());
        Assert.Equal("pgbackrest", restored["bootstrap"]!["method"]!.GetValue<string>());
        Assert.NotNull(restored["bootstrap"]!["pgbackrest"]!["recovery_conf"]);
    }
}
