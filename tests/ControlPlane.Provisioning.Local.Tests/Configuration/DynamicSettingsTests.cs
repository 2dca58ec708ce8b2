using ControlPlane.Provisioning.Local.Backups;
using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Local.Configuration;

namespace ControlPlane.Provisioning.Local.Tests.Configuration;

public sealed class DynamicSettingsTests
{
    private static readonly LocalDriverOptions Options = new() { TtlSeconds = 10, LoopWaitSeconds = 2, RetryTimeoutSeconds = 4, MemoryScale = 1.0 };

    [Fact]
    public void Should_size_memory_settings_as_fractions_of_the_plan()
    {
        var memory = DynamicSettingsFactory.MemorySettings(8192, 1.0);

        Assert.Equal("2048MB", memory["shared_buffers"]);
        Assert.Equal("6144MB", memory["effective_cache_size"]);
        Assert.Equal("512MB", memory["maintenance_work_mem"]);
    }

    [Fact]
    public void Should_scale_memory_settings_down_for_a_shared_machine()
    {
        var memory = DynamicSettingsFactory.MemorySettings(2048, 0.125);

        Assert.Equal("64MB", memory["shared_buffers"]);
        Assert.Equal("192MB", memory["effective_cache_size"]);
    }

    [Fact]
    public void Should_report_no_difference_against_its_own_json()
    {
        var settings = DynamicSettingsFactory.Build(TestInstances.Desired(TestInstances.Ha(2)), Options, new PgBackRestOptions());

        Assert.Empty(settings.DifferencesFrom(JsonNode.Parse(settings.ToJson().ToJsonString())));
    }

    [Fact]
    public void Should_report_the_replication_mode_and_plan_settings_that_changed()
    {
        var live = DynamicSettingsFactory.Build(TestInstances.Desired(TestInstances.Ha(2)), Options, new PgBackRestOptions()).ToJson();
        var desired = DynamicSettingsFactory.Build(
            TestInstances.Desired(TestInstances.Ha(2, Domain.Instances.ReplicationMode.Asynchronous), memoryMb: 8192), Options, new PgBackRestOptions());

        var differences = desired.DifferencesFrom(live);

        Assert.Contains("synchronous_mode", differences);
        Assert.Contains("shared_buffers", differences);
        Assert.DoesNotContain("ttl", differences);
    }
}
