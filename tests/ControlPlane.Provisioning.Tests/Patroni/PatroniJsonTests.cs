using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Tests.Support;

namespace ControlPlane.Provisioning.Tests.Patroni;

public sealed class PatroniJsonTests
{
    [Fact]
    public void Should_read_a_healthy_cluster_with_lag_absent_on_the_leader()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-healthy.json"))!;

        Assert.Equal(["pg-0", "pg-1", "pg-2"], cluster.Members!.Select(m => m.Name));
        var leader = cluster.Members![0];
        Assert.Equal("leader", leader.Role);
        Assert.Equal(MemberRole.Primary, MemberRoles.Map(leader.Role));
        Assert.Null(leader.Lag);
        Assert.Equal(4, leader.Timeline);
        Assert.Equal(16432, leader.Port);
        Assert.Equal("http://127.0.0.1:18008/patroni", leader.ApiUrl);
        Assert.True(MemberRoles.IsSynchronous(cluster.Members[1].Role));
        Assert.Equal(2048, cluster.Members[2].Lag);
        Assert.Null(cluster.ScheduledSwitchover);
        Assert.Null(cluster.Pause);
    }

    [Fact]
    public void Should_read_unknown_lag_and_null_timeline_of_a_stopped_member_as_null()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-after-switchover.json"))!;

        var stopped = cluster.Members!.Single(m => m.Name == "pg-0");
        Assert.Equal("stopped", stopped.State);
        Assert.Null(stopped.Lag);
        Assert.Null(stopped.Timeline);
        Assert.Equal("pg-1", cluster.ScheduledSwitchover!.From);
        Assert.Equal("2099-06-01T12:00:00+00:00", cluster.ScheduledSwitchover.At);
        Assert.True(cluster.Pause);
    }

    [Fact]
    public void Should_read_the_patroni_4_vocabulary()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-patroni4.json"))!;
        var primary = PatroniJson.Parse<PatroniMemberStatus>(Fixtures.Read("patroni4-primary.json"))!;

        Assert.Equal("streaming", cluster.Members![1].State);
        Assert.Equal(33554432, cluster.Members[2].Lag);
        Assert.Equal(MemberRole.Primary, MemberRoles.Map(primary.Role));
        Assert.Equal(100663296, primary.Xlog!.Location);
        Assert.Equal("quorum", Assert.Single(primary.Replication!).SyncState);
        Assert.Equal("4.0.4", primary.Patroni!.Version);
    }

    [Fact]
    public void Should_read_the_leader_status_with_its_replication_connections()
    {
        var leader = PatroniJson.Parse<PatroniMemberStatus>(Fixtures.Read("patroni-leader.json"))!;

        Assert.Equal("master", leader.Role);
        Assert.Equal(MemberRole.Primary, MemberRoles.Map(leader.Role));
        Assert.Equal("running", leader.State);
        Assert.Equal(4, leader.Timeline);
        Assert.Equal(150018, leader.ServerVersion);
        Assert.Equal(83886400, leader.Xlog!.Location);
        Assert.Equal(["pg-1", "pg-2"], leader.Replication!.Select(r => r.ApplicationName));
        Assert.Equal(["sync", "async"], leader.Replication!.Select(r => r.SyncState));
        Assert.Null(leader.SyncStandby);
    }

    [Fact]
    public void Should_read_the_sync_standby_flag_and_wal_positions_of_a_replica()
    {
        var replica = PatroniJson.Parse<PatroniMemberStatus>(Fixtures.Read("patroni-sync-replica.json"))!;

        Assert.Equal(MemberRole.Replica, MemberRoles.Map(replica.Role));
        Assert.True(replica.SyncStandby);
        Assert.Equal(83886400, replica.Xlog!.ReceivedLocation);
        Assert.Equal(83882304, replica.Xlog.ReplayedLocation);
        Assert.False(replica.Xlog.Paused);
    }

    [Fact]
    public void Should_read_a_stopped_member_without_timeline_or_positions()
    {
        var stopped = PatroniJson.Parse<PatroniMemberStatus>(Fixtures.Read("patroni-stopped.json"))!;

        Assert.Equal("stopped", stopped.State);
        Assert.Null(stopped.Timeline);
        Assert.Null(stopped.Xlog);
    }

    [Theory]
    [InlineData("""{"lag": 1234}""", 1234L)]
    [InlineData("""{"lag": "unknown"}""", null)]
    [InlineData("""{"lag": null}""", null)]
    [InlineData("""{}""", null)]
    [InlineData("""{"lag": "4096"}""", 4096L)]
    [InlineData("""{"lag": 12.0}""", 12L)]
    [InlineData("""{"lag": {"odd": true}}""", null)]
    public void Should_read_lag_whatever_form_patroni_gives_it(string json, long? expected)
    {
        Assert.Equal(expected, PatroniJson.Parse<PatroniClusterMember>(json)!.Lag);
    }
}
