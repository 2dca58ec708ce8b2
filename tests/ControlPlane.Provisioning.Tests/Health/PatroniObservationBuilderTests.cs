using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class PatroniObservationBuilderTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static MemberProbe Answered(string member, int port, string fixture) =>
        new(member, new Uri($"http://127.0.0.1:{port}/"),
            new PatroniResponse<PatroniMemberStatus>(PatroniCallOutcome.Answered, 200, PatroniJson.Parse<PatroniMemberStatus>(Fixtures.Read(fixture)), null));

    private static MemberProbe Refused(string member, int port) =>
        new(member, new Uri($"http://127.0.0.1:{port}/"),
            new PatroniResponse<PatroniMemberStatus>(PatroniCallOutcome.Refused, null, null, "Connection refused"));

    [Fact]
    public void Should_merge_each_members_own_answer_with_the_cluster_view()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-healthy.json"));
        var probes = new[]
        {
            Answered("pg-0", 18008, "patroni-leader.json"),
            Answered("pg-1", 18009, "patroni-sync-replica.json"),
            Answered("pg-2", 18010, "patroni-async-replica.json"),
        };

        var observation = PatroniObservationBuilder.Build(Guid.NewGuid(), At, probes, cluster);

        Assert.Equal(ObservationSources.Patroni, observation.Source);
        Assert.True(observation.Complete);
        var leader = observation.Members.Single(m => m.Member == "pg-0");
        Assert.Equal(MemberRole.Primary, leader.Role);
        Assert.True(leader is { Reachable: true, Ready: true, Timeline: 4, LagBytes: null, Port: 16432 });
        var sync = observation.Members.Single(m => m.Member == "pg-1");
        Assert.True(sync is { Role: MemberRole.Replica, Synchronous: true, LagBytes: 0 });
        Assert.Equal(2048, observation.Members.Single(m => m.Member == "pg-2").LagBytes);
    }

    [Fact]
    public void Should_mark_a_leader_that_refuses_connections_unreachable_although_cluster_lists_it_running()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-healthy.json"));
        var probes = new[] { Refused("pg-0", 18008), Answered("pg-1", 18009, "patroni-sync-replica.json") };

        var observation = PatroniObservationBuilder.Build(Guid.NewGuid(), At, probes, cluster);

        var leader = observation.Members.Single(m => m.Member == "pg-0");
        Assert.Equal(MemberRole.Primary, leader.Role);
        Assert.False(leader.Reachable);
        Assert.False(leader.Ready);
        Assert.Equal(PatroniObservationBuilder.UnreachableState, leader.State);
    }

    [Fact]
    public async Task Should_count_a_stale_cluster_view_of_a_dead_leader_as_lost()
    {
        var f = new DetectorFixture();
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-healthy.json"));
        var alive = new[] { Answered("pg-0", 18008, "patroni-leader.json"), Answered("pg-1", 18009, "patroni-sync-replica.json") };
        await f.Detector.ObserveAsync(PatroniObservationBuilder.Build(f.InstanceId, f.Now, alive, cluster), CancellationToken.None);
        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(2 / 2.0);
        f.Advance(2);
        var leaderDead = new[] { Refused("pg-0", 18008), Answered("pg-1", 18009, "patroni-sync-replica.json") };
        await f.Detector.ObserveAsync(PatroniObservationBuilder.Build(f.InstanceId, f.Now, leaderDead, cluster), CancellationToken.None);
        f.Advance(8);

        await f.PatroniSeesAsync(Leader("pg-1", timeline: 5));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(lostAt, change.PrimaryLostAt);
        Assert.Equal("pg-0", change.OldPrimary);
        Assert.True(change.PromotedWasSynchronous);
    }

    [Fact]
    public void Should_keep_registered_members_that_cluster_cannot_be_read_for()
    {
        var probes = new[] { Refused("pg-0", 18008), Refused("pg-1", 18009) };

        var observation = PatroniObservationBuilder.Build(Guid.NewGuid(), At, probes, cluster: null);

        Assert.Equal(["pg-0", "pg-1"], observation.Members.Select(m => m.Member));
        Assert.All(observation.Members, m => Assert.False(m.Reachable));
        Assert.All(observation.Members, m => Assert.Equal(MemberRole.Unknown, m.Role));
    }

    [Fact]
    public void Should_take_sync_state_from_the_leaders_replication_list_and_lag_from_wal_positions_without_cluster()
    {
        var probes = new[] { Answered("pg-0", 18008, "patroni-leader.json"), Answered("pg-1", 18009, "patroni-async-replica.json") };

        var observation = PatroniObservationBuilder.Build(Guid.NewGuid(), At, probes, cluster: null);

        var replica = observation.Members.Single(m => m.Member == "pg-1");
        Assert.True(replica.Synchronous);
        Assert.Equal(83886400 - 83881000, replica.LagBytes);
    }

    [Fact]
    public void Should_read_patroni_4_primary_and_quorum_standby()
    {
        var cluster = PatroniJson.Parse<PatroniCluster>(Fixtures.Read("cluster-patroni4.json"));
        var probes = new[] { Answered("db-a", 28008, "patroni4-primary.json") };

        var observation = PatroniObservationBuilder.Build(Guid.NewGuid(), At, probes, cluster);

        Assert.Equal(MemberRole.Primary, observation.Members.Single(m => m.Member == "db-a").Role);
        var streaming = observation.Members.Single(m => m.Member == "db-b");
        Assert.True(streaming is { Ready: true, Synchronous: true, Role: MemberRole.Replica });
    }
}
