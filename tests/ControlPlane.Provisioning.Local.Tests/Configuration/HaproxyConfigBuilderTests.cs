using ControlPlane.Provisioning.Local.Configuration;

namespace ControlPlane.Provisioning.Local.Tests.Configuration;

public sealed class HaproxyConfigBuilderTests
{
    [Fact]
    public void Should_route_the_primary_listener_by_patroni_primary_check_to_every_member()
    {
        var config = HaproxyConfigBuilder.Build(TestStates.WithMembers(3), "127.0.0.1");

        Assert.Contains("bind 127.0.0.1:56009", config, StringComparison.Ordinal);
        Assert.Contains("option httpchk GET /primary", config, StringComparison.Ordinal);
        Assert.Contains("server orders-0 127.0.0.1:56000 maxconn 100 check port 56001", config, StringComparison.Ordinal);
        Assert.Contains("server orders-2 127.0.0.1:56006 maxconn 100 check port 56007", config, StringComparison.Ordinal);
        Assert.Contains("inter 1s fastinter 500ms fall 2 rise 1 on-marked-down shutdown-sessions", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_add_a_read_only_listener_on_patroni_replica_check_when_replicas_exist()
    {
        var config = HaproxyConfigBuilder.Build(TestStates.WithMembers(2), "127.0.0.1");

        Assert.Contains("bind 127.0.0.1:56010", config, StringComparison.Ordinal);
        Assert.Contains("option httpchk GET /replica", config, StringComparison.Ordinal);
        Assert.DoesNotContain("orders-2", config, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_have_only_the_primary_listener_without_high_availability()
    {
        var config = HaproxyConfigBuilder.Build(TestStates.WithMembers(1), "127.0.0.1");

        Assert.DoesNotContain("56010", config, StringComparison.Ordinal);
        Assert.DoesNotContain("/replica", config, StringComparison.Ordinal);
        Assert.DoesNotContain("orders-1", config, StringComparison.Ordinal);
        Assert.Contains("server orders-0", config, StringComparison.Ordinal);
    }
}
