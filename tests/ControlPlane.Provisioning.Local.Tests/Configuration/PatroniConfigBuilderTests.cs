using ControlPlane.Provisioning.Local.Backups;
using System.Text.Json.Nodes;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Local.Configuration;

namespace ControlPlane.Provisioning.Local.Tests.Configuration;

public sealed class PatroniConfigBuilderTests
{
    private static readonly LocalDriverOptions Options = new();

    private static JsonNode Member(HighAvailabilitySpec ha, int slot = 0)
    {
        var state = TestStates.WithMembers(ha.Members);
        var desired = TestInstances.Desired(ha);
        var text = PatroniConfigBuilder.BuildMember(
            state, slot, TestStates.Layout(state), DynamicSettingsFactory.Build(desired, Options, new PgBackRestOptions()), desired.Credentials, "/usr/lib/postgresql/15/bin", "127.0.0.1", "archive-command");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public void Should_enable_strict_synchronous_mode_when_durability_is_required()
    {
        var dcs = Member(TestInstances.Ha(2, ReplicationMode.Synchronous, DataDurability.Required))["bootstrap"]!["dcs"]!;

        Assert.True(dcs["synchronous_mode"]!.GetValue<bool>());
        Assert.True(dcs["synchronous_mode_strict"]!.GetValue<bool>());
    }

    [Fact]
    public void Should_enable_synchronous_mode_without_strict_when_durability_is_preferred()
    {
        var dcs = Member(TestInstances.Ha(2))["bootstrap"]!["dcs"]!;

        Assert.True(dcs["synchronous_mode"]!.GetValue<bool>());
        Assert.False(dcs["synchronous_mode_strict"]!.GetValue<bool>());
    }

    [Fact]
    public void Should_disable_synchronous_mode_for_asynchronous_replication()
    {
        var dcs = Member(TestInstances.Ha(1, ReplicationMode.Asynchronous, DataDurability.Required))["bootstrap"]!["dcs"]!;

        Assert.False(dcs["synchronous_mode"]!.GetValue<bool>());
        Assert.False(dcs["synchronous_mode_strict"]!.GetValue<bool>());
    }

    [Fact]
    public void Should_use_the_slot_ports_and_a_socket_directory_per_member()
    {
        var config = Member(TestInstances.Ha(2), slot: 1);

        Assert.Equal("orders-1", config["name"]!.GetValue<string>());
        Assert.Equal("127.0.0.1:56003", config["postgresql"]!["listen"]!.GetValue<string>());
        Assert.Equal("127.0.0.1:56004", config["restapi"]!["listen"]!.GetValue<string>());
        Assert.Equal("127.0.0.1:56005", config["raft"]!["self_addr"]!.GetValue<string>());
        Assert.Equal(["127.0.0.1:56002", "127.0.0.1:56008"], config["raft"]!["partner_addrs"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(
            "/var/tmp/cp/11111111-2222-3333-4444-555555555555/slot-1",
            config["postgresql"]!["parameters"]!["unix_socket_directories"]!.GetValue<string>());
    }

    [Fact]
    public void Should_carry_rest_api_authentication_and_database_passwords_verbatim()
    {
        var config = Member(TestInstances.Ha(0));
        var credentials = TestInstances.Credentials();

        Assert.Equal(credentials.PatroniApiUsername, config["restapi"]!["authentication"]!["username"]!.GetValue<string>());
        Assert.Equal(credentials.PatroniApiPassword, config["restapi"]!["authentication"]!["password"]!.GetValue<string>());
        Assert.Equal(credentials.SuperuserPassword, config["postgresql"]!["authentication"]!["superuser"]!["password"]!.GetValue<string>());
        Assert.Equal(credentials.ReplicationPassword, config["postgresql"]!["authentication"]!["replication"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Should_allow_only_scram_logins_from_loopback()
    {
        var hba = Member(TestInstances.Ha(2))["postgresql"]!["pg_hba"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();

        Assert.Contains("host all all 127.0.0.1/32 scram-sha-256", hba);
        Assert.Contains("host replication replicator 127.0.0.1/32 scram-sha-256", hba);
        Assert.DoesNotContain(hba, line => line.Contains("0.0.0.0", StringComparison.Ordinal) || line.EndsWith(" trust", StringComparison.Ordinal) && line.StartsWith("host", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_enable_pg_rewind_and_wal_log_hints_so_a_failed_primary_can_rejoin()
    {
        var postgresql = Member(TestInstances.Ha(2))["bootstrap"]!["dcs"]!["postgresql"]!;

        Assert.True(postgresql["use_pg_rewind"]!.GetValue<bool>());
        Assert.Equal("on", postgresql["parameters"]!["wal_log_hints"]!.GetValue<string>());
    }

    [Fact]
    public void Should_clone_new_replicas_with_a_fast_checkpoint() =>
        Assert.Equal("fast", Member(TestInstances.Ha(2), slot: 2)["postgresql"]!["basebackup"]!["checkpoint"]!.GetValue<string>());

    [Fact]
    public void Should_point_a_witness_at_the_other_two_raft_voters()
    {
        var state = TestStates.WithMembers(2);
        var witness = JsonNode.Parse(PatroniConfigBuilder.BuildWitness(state, 2, TestStates.Layout(state), TestInstances.Credentials(), "127.0.0.1"))!;

        Assert.Equal("127.0.0.1:56008", witness["raft"]!["self_addr"]!.GetValue<string>());
        Assert.Equal(["127.0.0.1:56002", "127.0.0.1:56005"], witness["raft"]!["partner_addrs"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Null(witness["postgresql"]);
    }

    [Fact]
    public void Should_give_members_and_witnesses_the_same_raft_password_that_is_not_the_rest_password()
    {
        var state = TestStates.WithMembers(2);
        var credentials = TestInstances.Credentials();
        var member = Member(TestInstances.Ha(1));
        var witness = JsonNode.Parse(PatroniConfigBuilder.BuildWitness(state, 2, TestStates.Layout(state), credentials, "127.0.0.1"))!;

        var password = member["raft"]!["password"]!.GetValue<string>();
        Assert.True(password.Length >= 32, "a Raft password of at least 32 characters");
        Assert.Equal(password, witness["raft"]!["password"]!.GetValue<string>());
        Assert.NotEqual(credentials.PatroniApiPassword, password);
    }

    [Fact]
    public void Should_derive_a_different_raft_password_for_each_instance()
    {
        var one = TestInstances.Credentials() with { PatroniApiPassword = "first-instance-password" };
        var other = one with { PatroniApiPassword = "second-instance-password" };

        Assert.NotEqual(PatroniConfigBuilder.RaftPassword(one), PatroniConfigBuilder.RaftPassword(other));
        Assert.Equal(PatroniConfigBuilder.RaftPassword(one), PatroniConfigBuilder.RaftPassword(one with { }));
    }

    [Fact]
    public void Should_see_a_raft_change_when_a_configuration_written_before_raft_had_a_password_gets_one()
    {
        var state = TestStates.WithMembers(1);
        var current = PatroniConfigBuilder.BuildWitness(state, 2, TestStates.Layout(state), TestInstances.Credentials(), "127.0.0.1");
        var node = JsonNode.Parse(current)!;
        node["raft"]!.AsObject().Remove("password");

        Assert.True(PatroniConfigBuilder.RaftChanged(node.ToJsonString(), current));
        Assert.False(PatroniConfigBuilder.RaftChanged(current, current));
        Assert.False(PatroniConfigBuilder.RaftChanged(null, current));
    }

    [Fact]
    public void Should_not_see_a_raft_change_when_only_postgres_settings_change()
    {
        var before = Member(TestInstances.Ha(1)).AsObject();
        var after = before.DeepClone().AsObject();
        after["postgresql"]!["parameters"]!["unix_socket_directories"] = "/elsewhere";

        Assert.False(PatroniConfigBuilder.RaftChanged(before.ToJsonString(), after.ToJsonString()));
    }
}
