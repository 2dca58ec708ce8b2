using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Tests;

public sealed class ServiceRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings[$"{LocalDriverOptions.SectionName}:OsUser"] = Environment.UserName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IInstanceOwnership, OwnsEverything>().AddLocalDriver(configuration).BuildServiceProvider();
    }

    [Fact]
    public async Task Should_fail_readably_without_touching_the_disk_when_the_postgres_major_is_not_installed()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"cp-local-{Guid.NewGuid():N}");
        await using var services = Build(new() { [$"{LocalDriverOptions.SectionName}:DataDirectory"] = directory });
        var driver = services.GetRequiredService<IInstanceDriver>();

        var result = await driver.ReconcileAsync(TestInstances.Desired(TestInstances.Ha(2), postgresVersion: 9), CancellationToken.None);

        Assert.Equal("local", driver.Name);
        Assert.NotNull(result.PermanentFailure);
        Assert.Contains("PostgreSQL 9 is not installed", result.PermanentFailure, StringComparison.Ordinal);
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Should_reject_patroni_timings_that_break_its_rule_loop_wait_plus_twice_retry_timeout_within_ttl()
    {
        using var services = Build(new()
        {
            [$"{LocalDriverOptions.SectionName}:TtlSeconds"] = "10",
            [$"{LocalDriverOptions.SectionName}:LoopWaitSeconds"] = "5",
            [$"{LocalDriverOptions.SectionName}:RetryTimeoutSeconds"] = "5",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LocalDriverOptions>>().Value);
        Assert.Contains("loop_wait", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_list_no_instances_when_the_data_directory_does_not_exist()
    {
        await using var services = Build(new() { [$"{LocalDriverOptions.SectionName}:DataDirectory"] = "/nonexistent/cp-local" });

        Assert.Empty(await services.GetRequiredService<IInstanceDriver>().ListManagedInstancesAsync(CancellationToken.None));
    }
}
