using System.Globalization;
using ControlPlane.Kubernetes.Fake;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>The driver harness with Patroni management on, a fake Patroni behind the instance's pods and the real switchover expectations.</summary>
internal sealed class PatroniHarness : IAsyncDisposable
{
    private PatroniHarness(DriverHarness driver, FakePatroniCluster patroni, DesiredInstance instance)
    {
        Driver = driver;
        Patroni = patroni;
        Instance = instance;
    }

    public DriverHarness Driver { get; }

    public FakePatroniCluster Patroni { get; }

    public DesiredInstance Instance { get; }

    public string Namespace => Driver.Namespace(Instance);

    public IExpectedSwitchovers Expected => Driver.Services.GetRequiredService<IExpectedSwitchovers>();

    public static async Task<PatroniHarness> StartAsync(DesiredInstance instance)
    {
        var port = FakePatroniCluster.FreePort();
        var driver = await DriverHarness.StartAsync(
            new Dictionary<string, string?>
            {
                ["ManagePatroniConfig"] = "true",
                ["PatroniPort"] = port.ToString(CultureInfo.InvariantCulture),
            },
            services => services.AddSingleton(TimeProvider.System).AddSingleton<IExpectedSwitchovers, ExpectedSwitchovers>());
        await driver.Driver.ReconcileAsync(instance, CancellationToken.None);
        var patroni = await FakePatroniCluster.StartAsync(driver.Api, driver.Namespace(instance), instance.Name, TestInstances.PatroniUser, TestInstances.PatroniPassword, port);
        var harness = new PatroniHarness(driver, patroni, instance);
        Assert.True((await harness.ReconcileUntilReadyAsync(instance)).Ready);
        return harness;
    }

    /// <summary>Reconcile passes, as the worker would requeue them, until the instance is ready; the steps it went through.</summary>
    public async Task<ReconcileResult> ReconcileUntilReadyAsync(DesiredInstance desired, int maxPasses = 20)
    {
        ReconcileResult? last = null;
        for (var pass = 0; pass < maxPasses; pass++)
        {
            last = await Driver.Driver.ReconcileAsync(desired, CancellationToken.None);
            Assert.Null(last.PermanentFailure);
            if (last.Ready)
            {
                return last;
            }
        }

        throw new Xunit.Sdk.XunitException($"not ready after {maxPasses} passes; last step {last?.Step}: {last?.Message}");
    }

    public string? Label(string pod, string key) =>
        Driver.Api.GetObject("pods", Namespace, pod)?["metadata"]?["labels"]?[key]?.GetValue<string>();

    public string Leader() =>
        Driver.PodNames(Instance).Single(p => Label(p, Driver.Options.RoleLabelKey) == Driver.Options.PrimaryRoleValue);

    public IReadOnlyDictionary<string, string> PodUids() =>
        Driver.Api.ListObjects("pods", Namespace).ToDictionary(
            p => p["metadata"]!["name"]!.GetValue<string>(), p => p["metadata"]!["uid"]!.GetValue<string>());

    public async ValueTask DisposeAsync()
    {
        await Patroni.DisposeAsync();
        await Driver.DisposeAsync();
    }
}
